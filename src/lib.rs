//! Sharebook: the backend of a Google Workspace add-on that shares Google Contacts labels.

pub mod admins;
pub mod auth;
pub mod capsule;
pub mod cli;
pub mod config;
pub mod domain;
pub mod error;
pub mod event;
pub mod feeds;
pub mod files;
pub mod google;
pub mod i18n;
pub mod importer;
pub mod manifest;
pub mod message_cache;
pub mod notify;
pub mod principal;
pub mod retention;
pub mod routes;
pub mod screens;
pub mod sealed;
pub mod startup;
pub mod storage;
pub mod sync;
pub mod telemetry;
pub mod views;
