#!/usr/bin/env bash
# shellcheck source-path=SCRIPTDIR
# Sharebook on Google Cloud: Cloud Run for the add-on and its worker, Cloud SQL for PostgreSQL,
# Secret Manager for every secret. Run it from the repository's root with gcloud signed in as a
# project owner; each step is idempotent enough to re-run after fixing what stopped it. Read
# deploy/gcp/README.md first: two steps (domain-wide delegation, the Marketplace listing) are done
# by people in consoles, and the script stops where it needs their output.
set -euo pipefail

# --- Settings: change these. -------------------------------------------------------------------
PROJECT="${PROJECT:?set PROJECT to the Cloud project id}"
REGION="${REGION:-europe-west1}"
# A super admin of the Workspace domain (group membership is read as them).
DIRECTORY_ADMIN="${DIRECTORY_ADMIN:?set DIRECTORY_ADMIN to the address of a super admin}"
# Extra Sharebook admins besides the domain's super admins (comma-separated; may be empty).
SHAREBOOK_ADMINS="${SHAREBOOK_ADMINS:-}"
# From `gcloud workspace-add-ons get-authorization` (step 5).
ADDON_SERVICE_ACCOUNT_EMAIL="${ADDON_SERVICE_ACCOUNT_EMAIL:-}"
ADDON_OAUTH_CLIENT_ID="${ADDON_OAUTH_CLIENT_ID:-}"
# --------------------------------------------------------------------------------------------------

PROJECT_NUMBER="$(gcloud projects describe "$PROJECT" --format='value(projectNumber)')"
PUBLIC_URL="https://sharebook-${PROJECT_NUMBER}.${REGION}.run.app"
# The Marketplace application id is the project number.
MARKETPLACE_APP_ID="$PROJECT_NUMBER"
KEY_FILE=/secrets/sync/key.json
RUN_SA="sharebook-run@${PROJECT}.iam.gserviceaccount.com"
SYNC_SA="sharebook-sync@${PROJECT}.iam.gserviceaccount.com"
INSTANCE="${PROJECT}:${REGION}:sharebook"

gcloud config set project "$PROJECT"

echo "== 1. APIs"
gcloud services enable gsuiteaddons.googleapis.com run.googleapis.com sqladmin.googleapis.com \
  secretmanager.googleapis.com people.googleapis.com admin.googleapis.com gmail.googleapis.com \
  appsmarket-component.googleapis.com appsmarket.googleapis.com \
  cloudbuild.googleapis.com artifactregistry.googleapis.com

secret() { # name, value on stdin: creates the secret or adds a version
  if gcloud secrets describe "$1" >/dev/null 2>&1; then
    gcloud secrets versions add "$1" --data-file=-
  else
    gcloud secrets create "$1" --data-file=-
  fi
}

echo "== 2. The database and its connection string"
if ! gcloud sql instances describe sharebook >/dev/null 2>&1; then
  gcloud sql instances create sharebook --database-version=POSTGRES_16 --region="$REGION" \
    --edition=enterprise --tier=db-custom-1-3840
  gcloud sql databases create sharebook --instance=sharebook
  DB_PASSWORD="$(openssl rand -hex 24)"
  gcloud sql users create sharebook --instance=sharebook --password="$DB_PASSWORD"
  printf 'host=/cloudsql/%s dbname=sharebook user=sharebook password=%s' "$INSTANCE" "$DB_PASSWORD" \
    | secret sharebook-database-url
fi

echo "== 3. Service accounts: the one the services run as, and the sync's (domain-wide delegation)"
gcloud iam service-accounts describe "$RUN_SA" >/dev/null 2>&1 \
  || gcloud iam service-accounts create sharebook-run
gcloud projects add-iam-policy-binding "$PROJECT" --role=roles/cloudsql.client \
  --member="serviceAccount:${RUN_SA}" >/dev/null
if ! gcloud iam service-accounts describe "$SYNC_SA" >/dev/null 2>&1; then
  gcloud iam service-accounts create sharebook-sync
  gcloud iam service-accounts keys create key.json --iam-account="$SYNC_SA"
  secret sharebook-sync-key < key.json && shred -u key.json
fi

echo "== 4. The other secrets: CRM token keys and the metrics token"
gcloud secrets describe sharebook-crm-keys >/dev/null 2>&1 \
  || printf 'k1:%s' "$(openssl rand -base64 32)" | secret sharebook-crm-keys
gcloud secrets describe sharebook-metrics-token >/dev/null 2>&1 \
  || openssl rand -hex 16 | tr -d '\n' | secret sharebook-metrics-token
for s in sharebook-database-url sharebook-sync-key sharebook-crm-keys sharebook-metrics-token; do
  gcloud secrets add-iam-policy-binding "$s" --role=roles/secretmanager.secretAccessor \
    --member="serviceAccount:${RUN_SA}" >/dev/null
done

echo "== 5. The add-on's identity"
if [ -z "$ADDON_SERVICE_ACCOUNT_EMAIL" ] || [ -z "$ADDON_OAUTH_CLIENT_ID" ]; then
  gcloud workspace-add-ons get-authorization
  echo "Set ADDON_SERVICE_ACCOUNT_EMAIL and ADDON_OAUTH_CLIENT_ID from the lines above, then run again." >&2
  exit 2
fi

# shellcheck source=env.sh
. "$(dirname "$0")/env.sh"

echo "== 6. The services"
gcloud run deploy sharebook --source . --region="$REGION" --allow-unauthenticated \
  --service-account="$RUN_SA" --add-cloudsql-instances="$INSTANCE" \
  --command=sharebook --args=serve,--no-worker \
  --set-secrets="$SERVE_SECRETS" --set-env-vars="$SERVE_ENV"
gcloud run deploy sharebook-worker --source . --region="$REGION" --no-allow-unauthenticated \
  --service-account="$RUN_SA" --add-cloudsql-instances="$INSTANCE" \
  --command=sharebook --args=worker \
  --no-cpu-throttling --min-instances=1 \
  --set-secrets="$WORKER_SECRETS" --set-env-vars="$WORKER_ENV"
curl -fsS "$PUBLIC_URL/readyz"

echo "== 7. The add-on deployment"
PUBLIC_URL="$PUBLIC_URL" cargo run --release -p sharebook -- manifest > deployment.json
if gcloud workspace-add-ons deployments describe sharebook >/dev/null 2>&1; then
  gcloud workspace-add-ons deployments replace sharebook --deployment-file=deployment.json
else
  gcloud workspace-add-ons deployments create sharebook --deployment-file=deployment.json
fi

cat <<DONE
Done. Still to do by hand (deploy/gcp/README.md):
  - Marketplace SDK: App Configuration from manifest/marketplace-sdk.json (deployment id: sharebook,
    project number ${PROJECT_NUMBER}), OAuth consent screen from manifest/consent-screen.json.
  - Without a Marketplace admin install: domain-wide delegation for client id
    $(gcloud iam service-accounts describe "$SYNC_SA" --format='value(oauth2ClientId)') with the
    scopes listed in manifest/scopes.json under "delegated".
  - Let the sync service account read licenses: in the Marketplace SDK, add ${SYNC_SA}.
DONE
