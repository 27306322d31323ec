//! moat-store (being built).
