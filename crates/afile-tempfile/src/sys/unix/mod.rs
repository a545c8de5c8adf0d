//! Unix (Linux, macOS, the BSDs).

pub(crate) mod rmtree;
