//! Pure types and rules: no IO, no SQL, no actix, no JSON.

pub mod label;
pub mod role;
