//! The browser test binary: the real `sharebook-dev dev` driven through headless Chromium (the
//! demo page must work end to end). That `sharebook serve` never exposes it is tested with the
//! product (`tests/api/production.rs`).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

mod support;
mod walkthrough;
