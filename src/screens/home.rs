//! Loads the homepage.

use crate::domain::principal::Principal;
use crate::error::ApiError;
use crate::startup::AppState;
use crate::storage::labels;
use crate::views::home::{Home, LISTED_LABELS};

/// The homepage of `who`, whose address is `email`.
#[tracing::instrument(level = "debug", skip_all)]
pub async fn load(state: &AppState, who: &Principal, email: &str) -> Result<Home, ApiError> {
    let client = state.pool.get().await?;
    let limit = i64::try_from(LISTED_LABELS + 1).unwrap_or(i64::MAX);
    let (labels, sync) = labels::home_listing(&client, who, limit).await?;
    Ok(Home {
        email: email.to_owned(),
        labels,
        sync,
        admin: false,
    })
}
