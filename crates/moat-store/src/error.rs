//! Errors of the store.

use std::path::Path;

/// Everything that can go wrong in the store. Messages are meant for operators: they name the
/// database, file or field involved, and never contain secrets (URLs are shown without password).
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum StoreError {
    /// Bad configuration or URL.
    #[error("store configuration: {0}")]
    Config(String),
    /// The database could not be opened or reached.
    #[error("cannot open store `{target}`: {detail}")]
    Open {
        /// The database, password removed.
        target: String,
        /// What went wrong.
        detail: String,
    },
    /// The database was written by a newer Moat.
    #[error(
        "store `{target}` has schema version {found}, but this moat knows only up to {known}: \
         upgrade moat (refusing to touch a newer schema)"
    )]
    SchemaTooNew {
        /// The database, password removed.
        target: String,
        /// Version found in the database.
        found: i64,
        /// Newest version this binary knows.
        known: i64,
    },
    /// A query failed.
    #[error("store {context}: {source}{hint}", hint = full_hint(source))]
    Database {
        /// What the store was doing.
        context: &'static str,
        /// The driver's error.
        #[source]
        source: sqlx::Error,
    },
    /// An audit append could not be made durable; the event is NOT recorded.
    #[error("audit event not recorded: {0}")]
    AuditWrite(String),
    /// The audit writer has stopped (shut down or failed to start).
    #[error("audit writer is not running: {0}")]
    WriterClosed(String),
    /// The event is malformed or too large.
    #[error("invalid audit event: {0}")]
    InvalidEvent(String),
    /// A value given to the store is malformed or too large.
    #[error("invalid store input: {0}")]
    InvalidInput(String),
    /// A writer lost its lease on a shared record (another process took it over).
    #[error("lease lost: {0}")]
    LeaseLost(String),
    /// A signing or public key could not be loaded, or does not match.
    #[error("audit signing key: {0}")]
    Key(String),
    /// A row in the database could not be decoded.
    #[error("corrupt store row ({context}): {detail}")]
    Corrupt {
        /// Which table and row.
        context: String,
        /// What is wrong with it.
        detail: String,
    },
    /// A file could not be read or written.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: String,
        /// The I/O error.
        #[source]
        source: std::io::Error,
    },
}

impl StoreError {
    pub(crate) fn io(path: &Path, source: std::io::Error) -> Self {
        StoreError::Io {
            path: path.display().to_string(),
            source,
        }
    }

    /// True when the database refused a write because its disk (or its configured size limit)
    /// is full. Nothing of the failed write was recorded; writes work again once space frees.
    pub fn is_storage_full(&self) -> bool {
        match self {
            StoreError::Database { source, .. } => is_full(source),
            _ => false,
        }
    }

    pub(crate) fn db(context: &'static str) -> impl FnOnce(sqlx::Error) -> StoreError {
        move |source| StoreError::Database { context, source }
    }
}

/// SQLite `SQLITE_FULL` (13), PostgreSQL `disk_full` (53100), or an OS "no space" error.
pub(crate) fn is_full(e: &sqlx::Error) -> bool {
    match e {
        sqlx::Error::Database(d) => {
            matches!(d.code().as_deref(), Some("13" | "53100"))
                || d.message().contains("disk is full")
                || d.message().contains("No space left")
        }
        sqlx::Error::Io(io) => io.kind() == std::io::ErrorKind::StorageFull,
        _ => false,
    }
}

fn full_hint(e: &sqlx::Error) -> &'static str {
    if is_full(e) {
        " (out of space: the disk or the database's size limit is full; nothing of this write \
         was recorded, and writes resume once space is freed)"
    } else {
        ""
    }
}
