//! Shared helpers for the afile benches.
