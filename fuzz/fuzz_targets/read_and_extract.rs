//! Bytes as a text, `.docx` or HTML file → decoded text → extraction →
//! JSON Lines. Nothing may panic, and the extraction's invariants hold.
#![no_main]

use guihua::input::{read_bytes, Format, ReadOptions};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let (format, bytes) = match data.split_first() {
        Some((b, rest)) => (
            match b % 3 {
                0 => Format::Text,
                1 => Format::Docx,
                _ => Format::Html,
            },
            rest,
        ),
        None => return,
    };
    let Ok(input) = read_bytes(bytes, format, ReadOptions::default()) else { return };
    let text = input.text.as_str();
    let ex = guihua::extract(text);
    let idx = ex.line_index();
    for ind in ex.indicators() {
        assert!(text.is_char_boundary(ind.quote.start) && text.is_char_boundary(ind.quote.end));
        assert_eq!(idx.line(ind.value_span.start), ind.line);
        assert!(idx.line_span(ind.line).unwrap().contains(ind.quote));
    }
    let mut sink = Vec::new();
    ex.write_jsonl("fuzz", &mut sink).unwrap();
});
