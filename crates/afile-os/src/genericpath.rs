//! What CPython's `genericpath` module shares between `posixpath` and
//! `ntpath`: `commonprefix`, and where an extension starts (`_splitext`).

const DOT: u32 = b'.' as u32;

/// The longest common leading string of `items`, character by character
/// (`os.path.commonprefix`, the same in both flavours: not path-aware, so
/// `/a/b` and `/a/bc` give `/a/b`); empty for no items.
///
/// ```
/// assert_eq!(afile_os::posixpath::commonprefix(["/a/b", "/a/bc"]), "/a/b");
/// assert_eq!(afile_os::ntpath::commonprefix(["héllo", "hélp"]), "hél");
/// ```
pub fn commonprefix<S: AsRef<str>>(items: impl IntoIterator<Item = S>) -> String {
    let items: Vec<S> = items.into_iter().collect();
    let Some(first) = items.first().map(AsRef::as_ref) else { return String::new() };
    let mut end = first.len();
    for other in &items[1..] {
        let shared =
            first.char_indices().zip(other.as_ref().chars()).take_while(|((_, a), b)| a == b).count();
        end = end.min(first.char_indices().nth(shared).map_or(first.len(), |(i, _)| i));
    }
    first[..end].to_owned()
}

/// CPython's `genericpath._splitext`: where the extension starts, if any.
pub(crate) fn ext_start(p: &[u32], seps: &[u32]) -> Option<usize> {
    let sep = p.iter().rposition(|c| seps.contains(c));
    let dot = p.iter().rposition(|&c| c == DOT)?;
    if sep.is_some_and(|s| dot < s) {
        return None;
    }
    // Leading dots of the name do not start an extension.
    let name = sep.map_or(0, |s| s + 1);
    p[name..dot].iter().any(|&c| c != DOT).then_some(dot)
}
