//! moat-redteam (being built).
