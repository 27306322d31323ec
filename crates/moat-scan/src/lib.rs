//! moat-scan (being built).
