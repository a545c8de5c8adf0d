//! `mkdtemp`'s directory on Windows, private to its owner: CPython 3.12.4
//! made `os.mkdir(path, 0o700)` create the directory with a protected
//! access list that grants full access, inherited by everything inside, to
//! the owner, `SYSTEM` and the administrators only.

use std::io;
use std::os::windows::ffi::OsStrExt;
use std::path::Path;

use windows_sys::Win32::Foundation::LocalFree;
use windows_sys::Win32::Security::Authorization::{
    ConvertStringSecurityDescriptorToSecurityDescriptorW, SDDL_REVISION_1,
};
use windows_sys::Win32::Security::{PSECURITY_DESCRIPTOR, SECURITY_ATTRIBUTES};
use windows_sys::Win32::Storage::FileSystem::CreateDirectoryW;

/// The access list as SDDL: protected (`P`), full access (`GA`) inherited
/// by files and subdirectories (`OICI`), for the owner (`OW`), `SYSTEM`
/// (`SY`) and the administrators (`BA`).
const OWNER_ONLY: &str = "D:P(A;OICI;GA;;;OW)(A;OICI;GA;;;SY)(A;OICI;GA;;;BA)";

/// Creates the new directory `path`, private to its owner.
pub(crate) fn create_dir(path: &Path) -> io::Result<()> {
    let sddl: Vec<u16> = OWNER_ONLY.encode_utf16().chain(Some(0)).collect();
    let mut descriptor: PSECURITY_DESCRIPTOR = std::ptr::null_mut();
    // SAFETY: `sddl` is a NUL-terminated wide string; `descriptor` is
    // writable and receives memory the system allocated, freed below.
    let ok = unsafe {
        ConvertStringSecurityDescriptorToSecurityDescriptorW(
            sddl.as_ptr(),
            SDDL_REVISION_1,
            &mut descriptor,
            std::ptr::null_mut(),
        )
    };
    if ok == 0 {
        return Err(io::Error::last_os_error());
    }
    let attributes = SECURITY_ATTRIBUTES {
        nLength: std::mem::size_of::<SECURITY_ATTRIBUTES>() as u32,
        lpSecurityDescriptor: descriptor,
        bInheritHandle: 0,
    };
    let name: Vec<u16> = path.as_os_str().encode_wide().chain(Some(0)).collect();
    // SAFETY: `name` is NUL-terminated; `attributes` points to the live
    // descriptor made above.
    let created = unsafe { CreateDirectoryW(name.as_ptr(), &attributes) };
    let result = if created == 0 { Err(io::Error::last_os_error()) } else { Ok(()) };
    // SAFETY: `descriptor` was allocated by the conversion above (LocalAlloc)
    // and is not used again.
    unsafe { LocalFree(descriptor) };
    result
}
