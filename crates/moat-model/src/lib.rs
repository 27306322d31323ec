//! moat-model (being built).
