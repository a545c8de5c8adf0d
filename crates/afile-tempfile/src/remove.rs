//! Removing a tree, as CPython's `TemporaryDirectory` cleanup does; the
//! system calls are in the platform seam (`sys`).

pub(crate) use crate::sys::rmtree;
