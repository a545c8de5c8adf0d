//! The platform seam: the system calls this crate makes that differ by
//! operating system, behind the same functions on each.

#[cfg(unix)]
mod unix;

#[cfg(unix)]
pub(crate) use unix::rmtree;
