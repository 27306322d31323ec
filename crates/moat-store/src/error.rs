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
    #[error("store {context}: {source}")]
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

    pub(crate) fn db(context: &'static str) -> impl FnOnce(sqlx::Error) -> StoreError {
        move |source| StoreError::Database { context, source }
    }
}
