//! Prints the reading layer's blocks of a file (a debugging aid):
//! `cargo run --release --example blocks -- FILE`.
fn main() {
    let path = std::env::args().nth(1).expect("usage: blocks FILE");
    let text = std::fs::read_to_string(path).expect("a UTF-8 file");
    print!("{}", guihua::__bench::blocks(&text));
}
