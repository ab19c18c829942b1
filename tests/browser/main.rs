//! The browser test binary: the real `sharebook dev` driven through headless Chromium (the demo
//! page must work end to end), and `sharebook serve`, which must never expose that page.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

mod serve;
mod support;
mod walkthrough;
