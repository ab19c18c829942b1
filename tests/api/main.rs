//! The integration-test binary: the real server, a real PostgreSQL, the Google stand-ins.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

mod access;
mod admin;
mod auth;
mod authorization;
mod capsule;
mod card_check;
mod cli;
mod contacts;
mod emails;
mod files;
mod first_use;
mod google_clients;
mod health;
mod helpers;
mod homepage;
mod labels;
mod manifest;
mod merges;
mod message_cache;
mod migrations;
mod one_person;
mod people_stand_in;
mod production;
mod security;
mod sharing;
mod snapshots;
mod sql_rules;
mod sync;
mod two_way;
