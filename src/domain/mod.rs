//! Pure types and rules: no IO, no SQL, no actix, no JSON.

pub mod admin;
pub mod audit;
pub mod comment;
pub mod contact;
pub mod email;
pub mod feed;
pub mod file_import;
pub mod google_side;
pub mod label;
pub mod merge;
pub mod message;
pub mod permission;
pub mod policy;
pub mod principal;
pub mod recipients;
pub mod role;
pub mod same_person;
pub mod share;
pub mod text;
