//! Postgres: the connection pool, migrations under an advisory lock, one module per aggregate.

pub mod access;
pub mod admin;
pub mod audit;
pub mod changes;
pub mod comments;
pub mod contacts;
pub mod emails;
pub mod feeds;
pub mod file_imports;
pub mod held;
pub mod imports;
pub mod labels;
pub mod merges;
pub mod policies;
pub mod shares;
pub mod sync;
pub mod users;

use std::time::Duration;

use anyhow::Context;
use deadpool_postgres::{Manager, ManagerConfig, Pool, RecyclingMethod, Runtime};
use secrecy::{ExposeSecret, SecretString};
use tokio_postgres::NoTls;

mod embedded {
    refinery::embed_migrations!("migrations");
}

/// Advisory-lock key that serialises migrations across every instance sharing the database
/// ("sharebook" in ASCII, so it is recognisable in `pg_locks`).
const MIGRATION_LOCK_KEY: i64 = 0x7368_6172_6562_6f6f;

/// A storage failure, with the one outcome callers act on (a unique key taken) separated out.
#[derive(Debug, thiserror::Error)]
pub enum StorageError {
    /// A unique constraint refused the write.
    #[error("conflicts with an existing row")]
    Conflict,
    /// A row holds a value the code does not know; a schema and code mismatch.
    #[error("unexpected value in the database: {0}")]
    Corrupt(String),
    /// Anything else from the driver.
    #[error(transparent)]
    Db(#[from] tokio_postgres::Error),
}

impl StorageError {
    /// Classifies a driver error, turning unique violations into [`StorageError::Conflict`].
    pub fn classify(e: tokio_postgres::Error) -> Self {
        if e.code() == Some(&tokio_postgres::error::SqlState::UNIQUE_VIOLATION) {
            StorageError::Conflict
        } else {
            StorageError::Db(e)
        }
    }
}

/// Parses a connection string and names the application in `pg_stat_activity`.
pub fn connection_config(database_url: &SecretString) -> anyhow::Result<tokio_postgres::Config> {
    let mut config: tokio_postgres::Config = database_url
        .expose_secret()
        .parse()
        .context("DATABASE_URL is not a valid PostgreSQL connection string")?;
    if config.get_application_name().is_none() {
        config.application_name("sharebook");
    }
    config.connect_timeout(Duration::from_secs(5));
    // Every statement is prepared once per connection (`prepare_cached`); a generic plan lets the
    // server plan it once too. Custom plans re-planned each call (inlining `label_role()` means
    // parsing its body again) and cost more than the queries themselves (BENCHMARKS.md).
    let options = config.get_options().map(str::to_owned).unwrap_or_default();
    config.options(format!("{options} -c plan_cache_mode=force_generic_plan").trim());
    Ok(config)
}

/// The request pool. Connections carry no session state, so the cheap recycling check suffices.
pub fn pool(database_url: &SecretString, max_size: usize) -> anyhow::Result<Pool> {
    let manager = Manager::from_config(
        connection_config(database_url)?,
        NoTls,
        ManagerConfig {
            recycling_method: RecyclingMethod::Fast,
        },
    );
    Pool::builder(manager)
        .max_size(max_size)
        .runtime(Runtime::Tokio1)
        .wait_timeout(Some(Duration::from_secs(5)))
        .create_timeout(Some(Duration::from_secs(5)))
        .recycle_timeout(Some(Duration::from_secs(5)))
        .build()
        .context("Failed to build the database pool")
}

/// Applies pending migrations. Several instances may start at once: a session advisory lock on a
/// dedicated, unpooled connection lets one migrate while the others wait, then find nothing to do.
pub async fn migrate(database_url: &SecretString) -> anyhow::Result<()> {
    let config = connection_config(database_url)?;
    let (mut client, connection) = config
        .connect(NoTls)
        .await
        .context("Failed to connect to the database")?;
    let driver = tokio::spawn(connection);
    client
        .execute("SELECT pg_advisory_lock($1)", &[&MIGRATION_LOCK_KEY])
        .await
        .context("Failed to take the migration lock")?;
    let outcome = embedded::migrations::runner().run_async(&mut client).await;
    let unlocked = client
        .execute("SELECT pg_advisory_unlock($1)", &[&MIGRATION_LOCK_KEY])
        .await;
    drop(client);
    // The connection task ends once the client is gone; closing the session also drops the lock.
    let _ = driver.await;
    let report = outcome.context("Failed to apply migrations")?;
    unlocked.context("Failed to release the migration lock")?;
    for m in report.applied_migrations() {
        tracing::info!(version = m.version(), name = m.name(), "Applied migration");
    }
    Ok(())
}

/// The newest migration this binary carries; `/readyz` checks the database has it.
///
/// Worked out once: building the runner checksums every migration's text, which cost each
/// readiness probe more than its query.
pub fn latest_migration_version() -> i32 {
    static LATEST: std::sync::LazyLock<i32> = std::sync::LazyLock::new(|| {
        embedded::migrations::runner()
            .get_migrations()
            .iter()
            .map(|m| m.version())
            .max()
            .unwrap_or(0)
    });
    *LATEST
}

const SCHEMA_HAS_VERSION: &str = "SELECT version FROM refinery_schema_history WHERE version = $1";

/// Whether the database is reachable and migrated to this binary's newest version.
pub async fn schema_is_current(
    client: &impl deadpool_postgres::GenericClient,
) -> Result<bool, tokio_postgres::Error> {
    let stmt = client.prepare_cached(SCHEMA_HAS_VERSION).await?;
    Ok(client
        .query_opt(&stmt, &[&latest_migration_version()])
        .await?
        .is_some())
}

/// Runs the prepared-once statement `sql` and maps every row with `map`.
async fn query_map<T>(
    client: &impl deadpool_postgres::GenericClient,
    sql: &str,
    params: &[&(dyn tokio_postgres::types::ToSql + Sync)],
    map: impl Fn(&tokio_postgres::Row) -> Result<T, StorageError>,
) -> Result<Vec<T>, StorageError> {
    let stmt = client.prepare_cached(sql).await?;
    client.query(&stmt, params).await?.iter().map(map).collect()
}

/// The column `column` of every row of `sql`.
async fn query_column<T: for<'a> tokio_postgres::types::FromSql<'a>>(
    client: &impl deadpool_postgres::GenericClient,
    sql: &str,
    params: &[&(dyn tokio_postgres::types::ToSql + Sync)],
    column: &str,
) -> Result<Vec<T>, StorageError> {
    query_map(client, sql, params, |r| Ok(r.try_get(column)?)).await
}

/// The parameters of a statement acting for a caller on one row: `$1` the row (or label), `$2`
/// the caller, `$3` their groups, `$4` the rank the action needs (`label_role`'s arguments and
/// the threshold it is compared with).
fn acting_on<'a>(
    id: &'a uuid::Uuid,
    who: &'a crate::domain::principal::Principal,
    rank: &'a i16,
) -> [&'a (dyn tokio_postgres::types::ToSql + Sync); 4] {
    [id, &who.user_id, &who.groups, rank]
}

#[cfg(test)]
mod rank_literals {
    //! Role thresholds live in `domain::permission`; SQL binds them from the `Action` it checks.

    use std::path::Path;

    /// Places in `text` where a role rank is compared with a digit, as `file:line`.
    fn rank_literals(file: &str, text: &str) -> Vec<String> {
        const RANKED: [&str; 4] = ["label_role(", "rank", "GREATEST(", "THEN "];
        let mut found = Vec::new();
        for (n, line) in text.lines().enumerate() {
            if line.trim_start().starts_with("//") {
                continue;
            }
            for key in RANKED {
                for (at, _) in line.match_indices(key) {
                    let mut rest = &line[at + key.len()..];
                    if key == "label_role(" {
                        // Skip to the call's closing parenthesis.
                        let mut depth = 1;
                        let end = rest.char_indices().find(|(_, c)| {
                            match c {
                                '(' => depth += 1,
                                ')' => depth -= 1,
                                _ => {}
                            }
                            depth == 0
                        });
                        let Some((i, _)) = end else { continue };
                        rest = &rest[i + 1..];
                    } else if key == "rank" {
                        rest = rest.trim_start_matches(|c: char| c == '_' || c.is_alphanumeric());
                        rest = rest.strip_prefix(')').unwrap_or(rest);
                    }
                    let mut rest = rest.trim_start();
                    let compared = if key == "GREATEST(" || key == "THEN " {
                        key != "THEN " || line.contains("label_role")
                    } else {
                        let op = ["<>", ">=", "<=", ">", "<", "="]
                            .into_iter()
                            .find(|op| rest.starts_with(op));
                        match op {
                            Some(op) => {
                                rest = &rest[op.len()..];
                                true
                            }
                            None => false,
                        }
                    };
                    let rest = rest.trim_start();
                    if compared && rest.starts_with(|c: char| c.is_ascii_digit()) {
                        found.push(format!("{file}:{}: {}", n + 1, line.trim()));
                    }
                }
            }
        }
        found
    }

    fn sources(dir: &Path, out: &mut Vec<(String, String)>) {
        for entry in std::fs::read_dir(dir).expect("src readable").flatten() {
            let path = entry.path();
            if path.is_dir() {
                sources(&path, out);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let text = std::fs::read_to_string(&path).expect("source readable");
                // Tests may spell ranks; the product may not.
                let product = text.split("#[cfg(test)]").next().unwrap_or_default();
                out.push((path.display().to_string(), product.to_owned()));
            }
        }
    }

    #[test]
    fn no_sql_compares_a_role_rank_with_a_digit() {
        let mut files = Vec::new();
        sources(
            &Path::new(env!("CARGO_MANIFEST_DIR")).join("src"),
            &mut files,
        );
        assert!(files.len() > 50);
        let found: Vec<String> = files
            .iter()
            .flat_map(|(f, t)| rank_literals(f, t))
            .collect();
        assert!(
            found.is_empty(),
            "bind Action::min_rank instead:\n{}",
            found.join("\n")
        );
    }

    #[test]
    fn the_scanner_sees_each_form() {
        for sql in [
            "WHERE label_role($1, $2, $3) >= 4",
            "AND r.rank > 0",
            "CASE WHEN max(g.role_rank) = 5 THEN",
            "label_role(c.label_id, $2, $3) >= GREATEST(4, s.role_rank)",
            "label_role(c.label_id, $3, $4) >= CASE WHEN $5 THEN 2 ELSE 1 END",
            "WHERE shares.role_rank <= 4",
        ] {
            assert_eq!(rank_literals("t", sql).len(), 1, "{sql}");
        }
        assert!(rank_literals("t", "label_role($1, $2, $3) >= $4").is_empty());
    }
}

#[cfg(test)]
mod assembled_sql {
    //! The statements Rust assembles with `format!`, committed as they run, so a reviewer reads
    //! the SQL itself and a change to a fragment shows in every statement it reaches.

    #[test]
    fn every_assembled_statement() {
        let mut all = super::contacts::assembled();
        all.extend(super::labels::assembled());
        all.extend(super::file_imports::assembled());
        all.push((
            "changes::sum",
            format!("SELECT {} AS changes", super::changes::sum_of("$1")),
        ));
        let text: String = all
            .iter()
            .map(|(name, sql)| {
                let sql: Vec<&str> = sql.lines().map(str::trim_end).collect();
                format!("-- {name}\n{};\n", sql.join("\n").trim())
            })
            .collect::<Vec<_>>()
            .join("\n");
        insta::assert_snapshot!(text);
    }
}
