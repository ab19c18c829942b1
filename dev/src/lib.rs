//! Development only, never in the product binary: Google's stand-ins (ID-token issuer, Gmail,
//! People API, OAuth token endpoint, Directory), the sandbox page that plays Gmail, a private
//! PostgreSQL cluster, and `sharebook-dev dev`, which runs the whole add-on against them.

pub mod dev;
pub mod local_postgres;
pub mod sandbox;
