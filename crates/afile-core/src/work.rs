//! A hook where afile looks at bytes to find a line or decode text, so the
//! `testing` feature can count that work ([`testing::work`](crate::testing));
//! nothing without the feature.

/// `n` bytes were searched, checked, decoded or copied.
#[inline(always)]
pub(crate) fn looked(n: usize) {
    #[cfg(feature = "testing")]
    crate::testing::work::add(n);
    #[cfg(not(feature = "testing"))]
    let _ = n;
}
