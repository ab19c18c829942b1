# shellcheck shell=bash
# What the two Cloud Run services are given: plain variables and Secret Manager references.
# Sourced by deploy.sh after its settings; tests/api/cli.rs sources it too and starts the real
# binary with exactly these variables, so what is deployed is what is tested.
#
# Inputs (set by deploy.sh): PUBLIC_URL ADDON_SERVICE_ACCOUNT_EMAIL ADDON_OAUTH_CLIENT_ID
# DIRECTORY_ADMIN MARKETPLACE_APP_ID SHAREBOOK_ADMINS KEY_FILE

# The add-on (serve --no-worker): answers Google's requests; needs no CPU between them.
SERVE_ENV="PUBLIC_URL=${PUBLIC_URL},ADDON_SERVICE_ACCOUNT_EMAIL=${ADDON_SERVICE_ACCOUNT_EMAIL},\
ADDON_OAUTH_CLIENT_ID=${ADDON_OAUTH_CLIENT_ID},GOOGLE_SERVICE_ACCOUNT_KEY_FILE=${KEY_FILE},\
DIRECTORY_ADMIN_EMAIL=${DIRECTORY_ADMIN},MARKETPLACE_APP_ID=${MARKETPLACE_APP_ID},\
SHAREBOOK_ADMINS=${SHAREBOOK_ADMINS},AUDIT_RETENTION_DAYS=400,LOG_FORMAT=json"
SERVE_SECRETS="DATABASE_URL=sharebook-database-url:1,${KEY_FILE}=sharebook-sync-key:latest,\
CRM_TOKEN_KEYS=sharebook-crm-keys:latest,METRICS_TOKEN=sharebook-metrics-token:latest"

# The worker (worker): the sync into members' Google Contacts, CRM feeds, notification emails,
# audit retention.
WORKER_ENV="GOOGLE_SERVICE_ACCOUNT_KEY_FILE=${KEY_FILE},DIRECTORY_ADMIN_EMAIL=${DIRECTORY_ADMIN},\
AUDIT_RETENTION_DAYS=400,LOG_FORMAT=json"
WORKER_SECRETS="${SERVE_SECRETS}"

export SERVE_ENV SERVE_SECRETS WORKER_ENV WORKER_SECRETS
