//! Snapshot tests: one fixture per phenomenon, its whole JSON Lines output
//! as the snapshot. Review every snapshot change with `cargo insta review`.

use crate::common::jsonl;

#[test]
fn phenomena() {
    insta::glob!("../../fixtures", "phenomena/*.txt", |path| {
        let text = std::fs::read_to_string(path).unwrap();
        let name = path.file_name().unwrap().to_string_lossy();
        insta::assert_snapshot!(jsonl(&name, &text));
    });
}
