//! Views: turn already-loaded data into cards. Nothing here reads the database or calls Google.
//!
//! `render` fills the templates of `cards/`, escaping by the field (`card_schema`); `widgets`
//! are the small pieces every screen uses; `navigation` wraps cards in the answers Google expects.
//! One module per screen builds that screen's card from the data its route loaded.

pub mod admin;
pub mod card_schema;
pub mod contact;
pub mod email;
pub mod feeds;
pub mod files;
pub mod forms;
pub mod home;
pub mod imports;
pub mod label;
pub mod lists;
pub mod merges;
pub mod message;
pub mod navigation;
pub mod pages;
pub mod params;
pub mod render;
pub mod sharing;
pub mod widgets;

#[cfg(test)]
mod tests;
