//! Model registry (see below).
