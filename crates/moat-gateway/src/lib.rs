//! moat-gateway (being built).
