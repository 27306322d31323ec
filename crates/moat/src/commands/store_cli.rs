//! What the commands that work on the store directly (`moat mcp`, `moat approvals`) share: a
//! runtime with the store open, and who is acting.

/// A current-thread Tokio runtime and an open store.
pub struct Runtime {
    rt: tokio::runtime::Runtime,
    store: moat_store::Store,
}

impl Runtime {
    /// Open the store at `url` (default: the embedded SQLite file under `$MOAT_DATA_DIR`).
    pub fn open(url: Option<String>) -> Result<Runtime, String> {
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .map_err(|e| e.to_string())?;
        let url = url.unwrap_or_else(|| moat_store::StoreConfig::default().url());
        let store = rt
            .block_on(moat_store::Store::open(&url))
            .map_err(|e| format!("cannot open store `{url}`: {e}"))?;
        Ok(Runtime { rt, store })
    }

    /// The store.
    pub fn store(&self) -> &moat_store::Store {
        &self.store
    }

    /// Run a future to completion.
    pub fn block_on<F: std::future::Future>(&self, f: F) -> F::Output {
        self.rt.block_on(f)
    }
}

/// Who is acting: `--as`, else `$MOAT_ACTOR`, else `user:$USER`.
pub fn actor(given: Option<String>) -> Option<String> {
    given
        .or_else(|| std::env::var("MOAT_ACTOR").ok())
        .or_else(|| std::env::var("USER").ok().map(|u| format!("user:{u}")))
        .map(|a| a.trim().to_owned())
        .filter(|a| !a.is_empty())
}
