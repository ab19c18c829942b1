//! A private, throw-away PostgreSQL cluster for `sharebook dev`, the tests and the benchmarks
//! when `DATABASE_URL` is unset.
//!
//! The server runs under a small shell guardian whose standard input is a pipe from this process:
//! when this process ends, however it ends, the pipe closes and the guardian stops PostgreSQL and
//! deletes the data directory. No cluster outlives the process that started it.

use std::fs;
use std::io::Write;
use std::os::unix::fs::PermissionsExt;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// Why no private cluster could be had.
#[derive(Debug, thiserror::Error)]
pub enum LocalPostgresError {
    /// No PostgreSQL server binaries on this machine.
    #[error(
        "PostgreSQL server binaries (initdb, postgres) were found neither in PATH nor in \
         /usr/lib/postgresql/*/bin. Install them (Debian/Ubuntu: `apt-get install postgresql`; \
         macOS: `brew install postgresql`) or set DATABASE_URL to an existing server."
    )]
    NoBinaries,
    /// Running as root, but there is no `postgres` user to run the server as.
    #[error(
        "running as root, and PostgreSQL refuses to run as root: create a `postgres` user or run as another user"
    )]
    NoPostgresUser,
    /// `initdb` or the server failed.
    #[error("{step} failed: {detail}")]
    Failed {
        /// What was being done.
        step: &'static str,
        /// Its output.
        detail: String,
    },
    /// File-system trouble.
    #[error("{0}: {1}")]
    Io(&'static str, #[source] std::io::Error),
}

/// A running private cluster; dropping it stops the server and removes its files.
pub struct LocalPostgres {
    base: PathBuf,
    guardian: Option<Child>,
}

const PORT: u16 = 5432;

/// Starts the server in the background and waits for its parent (us) to go away.
const GUARDIAN: &str = r#"
pg="$1"; data="$2"; base="$3"; port="$4"
"$pg" -D "$data" -k "$base" -p "$port" -c listen_addresses='' -c fsync=off \
  -c synchronous_commit=off -c full_page_writes=off -c max_connections=300 \
  -c shared_buffers=128MB >"$base/postgres.log" 2>&1 &
pid=$!
cat >/dev/null
kill -INT "$pid" 2>/dev/null
wait "$pid"
rm -rf "$base"
"#;

impl LocalPostgres {
    /// Creates and starts a new cluster in a fresh temporary directory.
    pub fn start() -> Result<Self, LocalPostgresError> {
        let bin = find_bin_dir().ok_or(LocalPostgresError::NoBinaries)?;
        let run_as = if running_as_root() {
            Some(postgres_user().ok_or(LocalPostgresError::NoPostgresUser)?)
        } else {
            None
        };
        let base = std::env::temp_dir().join(format!(
            "sharebook-pg-{}-{}",
            std::process::id(),
            rand::random::<u32>()
        ));
        fs::create_dir(&base)
            .map_err(|e| LocalPostgresError::Io("creating the cluster directory", e))?;
        fs::set_permissions(&base, fs::Permissions::from_mode(0o700))
            .map_err(|e| LocalPostgresError::Io("protecting the cluster directory", e))?;
        if let Some((uid, gid)) = run_as {
            std::os::unix::fs::chown(&base, Some(uid), Some(gid)).map_err(|e| {
                LocalPostgresError::Io("handing the cluster directory to postgres", e)
            })?;
        }
        let mut cluster = Self {
            base,
            guardian: None,
        };
        let data = cluster.base.join("data");

        let mut initdb = Command::new(bin.join("initdb"));
        initdb
            .args([
                "-U",
                "postgres",
                "-A",
                "trust",
                "-E",
                "UTF8",
                "--locale=C",
                "--no-sync",
                "-D",
            ])
            .arg(&data);
        as_user(&mut initdb, run_as);
        let out = initdb
            .output()
            .map_err(|e| LocalPostgresError::Io("running initdb", e))?;
        if !out.status.success() {
            return Err(LocalPostgresError::Failed {
                step: "initdb",
                detail: String::from_utf8_lossy(&out.stderr).into(),
            });
        }

        let mut guardian = Command::new("/bin/sh");
        guardian
            .args(["-c", GUARDIAN, "sharebook-postgres"])
            .arg(bin.join("postgres"))
            .arg(&data)
            .arg(&cluster.base)
            .arg(PORT.to_string())
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            // Its own process group: a Ctrl-C meant for `dev` must not kill the database first.
            .process_group(0);
        as_user(&mut guardian, run_as);
        cluster.guardian = Some(
            guardian
                .spawn()
                .map_err(|e| LocalPostgresError::Io("starting postgres", e))?,
        );
        cluster.wait_ready(&data)?;
        Ok(cluster)
    }

    /// A connection string for `database` on this cluster.
    pub fn url(&self, database: &str) -> String {
        format!(
            "host={} port={PORT} user=postgres dbname={database}",
            self.base.display()
        )
    }

    fn wait_ready(&mut self, data: &Path) -> Result<(), LocalPostgresError> {
        let deadline = Instant::now() + Duration::from_secs(60);
        loop {
            // Line 8 of postmaster.pid turns to "ready" once connections are accepted.
            let status = fs::read_to_string(data.join("postmaster.pid")).unwrap_or_default();
            if status.lines().nth(7).is_some_and(|l| l.trim() == "ready") {
                return Ok(());
            }
            let exited = self
                .guardian
                .as_mut()
                .and_then(|g| g.try_wait().ok().flatten())
                .is_some();
            if exited || Instant::now() > deadline {
                let log = fs::read_to_string(self.base.join("postgres.log")).unwrap_or_default();
                return Err(LocalPostgresError::Failed {
                    step: "starting postgres",
                    detail: log,
                });
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Stops the server and removes its files, waiting up to ten seconds.
    pub fn stop(mut self) {
        self.shutdown(Duration::from_secs(10));
    }

    fn shutdown(&mut self, patience: Duration) {
        let Some(mut guardian) = self.guardian.take() else {
            return;
        };
        if let Some(mut stdin) = guardian.stdin.take() {
            let _ = stdin.flush();
        }
        let deadline = Instant::now() + patience;
        while Instant::now() < deadline {
            if guardian.try_wait().ok().flatten().is_some() {
                return;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

impl Drop for LocalPostgres {
    fn drop(&mut self) {
        self.shutdown(Duration::from_secs(5));
    }
}

fn as_user(cmd: &mut Command, run_as: Option<(u32, u32)>) {
    if let Some((uid, gid)) = run_as {
        cmd.uid(uid).gid(gid);
    }
}

/// A directory holding `initdb` and `postgres`: PATH first, then Debian's versioned directories,
/// newest version first.
fn find_bin_dir() -> Option<PathBuf> {
    let complete = |dir: &Path| dir.join("initdb").is_file() && dir.join("postgres").is_file();
    let from_path = std::env::var_os("PATH")
        .map(|p| std::env::split_paths(&p).collect::<Vec<_>>())
        .unwrap_or_default()
        .into_iter()
        .find(|dir| complete(dir));
    from_path.or_else(|| {
        let mut versions: Vec<(u32, PathBuf)> = fs::read_dir("/usr/lib/postgresql")
            .ok()?
            .filter_map(|e| e.ok())
            .filter_map(|e| {
                Some((
                    e.file_name().to_str()?.parse::<u32>().ok()?,
                    e.path().join("bin"),
                ))
            })
            .filter(|(_, bin)| complete(bin))
            .collect();
        versions.sort();
        versions.pop().map(|(_, bin)| bin)
    })
}

fn running_as_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
}

/// Uid and gid of the `postgres` account, from the passwd database.
fn postgres_user() -> Option<(u32, u32)> {
    let out = Command::new("getent")
        .args(["passwd", "postgres"])
        .output()
        .ok()?;
    let line = String::from_utf8_lossy(&out.stdout).into_owned();
    let mut fields = line.trim().split(':').skip(2);
    Some((fields.next()?.parse().ok()?, fields.next()?.parse().ok()?))
}
