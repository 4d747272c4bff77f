//! Bytes as a PDF → text. Nothing may panic; text that comes back obeys
//! the PDF text contract (no radicals left, form feeds only at line starts).
#![no_main]

use guihua::input::pdf::{text, PdfOptions};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(read) = text(data, &PdfOptions::default()) else { return };
    for (k, page) in read.text.split('\u{c}').enumerate() {
        assert!(k == 0 || !page.is_empty());
    }
    assert!(!read.text.chars().any(|c| ('\u{2f00}'..='\u{2fdf}').contains(&c)));
    let _ = guihua::extract(&read.text);
});
