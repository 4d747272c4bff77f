//! Bytes as a Word 97-2003 file → text → extraction. Nothing may panic.
#![no_main]

use guihua::input::{read_bytes, Format, ReadOptions};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(read) = read_bytes(data, Format::Doc, ReadOptions::default()) else { return };
    let _ = guihua::extract(&read.text);
});
