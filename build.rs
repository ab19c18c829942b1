//! Rebuilds the crate when a migration is added: `refinery::embed_migrations!` reads the folder
//! at compile time, and Cargo does not otherwise know the folder matters.

fn main() {
    println!("cargo:rerun-if-changed=migrations");
}
