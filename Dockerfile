# Build: gcloud run deploy --source . (or docker build -t sharebook .)
FROM rust:1.95-bookworm AS build
WORKDIR /src
COPY . .
# The product crate only: the stand-ins (dev/) are a dev-dependency and never built here.
RUN cargo build --release --locked -p sharebook --bin sharebook

FROM debian:bookworm-slim
RUN apt-get update \
 && apt-get install -y --no-install-recommends ca-certificates \
 && rm -rf /var/lib/apt/lists/*
COPY --from=build /src/target/release/sharebook /usr/local/bin/sharebook
USER 65534:65534
ENV LOG_FORMAT=json
CMD ["sharebook", "serve"]
