//! The one integration test binary.
//!
//! - `fixtures`: one small input per phenomenon under `fixtures/phenomena`,
//!   its JSON Lines output as an insta snapshot.
//! - `accuracy`: precision and recall against the hand-checked gold answers
//!   in `fixtures/gold`, with the thresholds the project promises.
//! - `wire`: every JSON Lines record parses into a strict mirror of the
//!   documented format.
//! - `invariants`: offsets, quotes and lines are consistent on every corpus
//!   file and fixture; hostile input does not panic.
//! - `inputs`: PDF, Word and HTML copies of a plan give the records of its
//!   text; broken files give one clear error each.
//! - `cli`: the `guihua` binary's behaviour and exit codes.
//! - `library`: wire records as values, owned extractions, the outline tree.
//! - `outputs`: document names, output files, standard input and decoding
//!   errors of the binary.
//! - `review`: `guihua review` pages and overview, and its batch rules;
//!   `browser`: the pages in headless Chromium.
//! - `layout`: the corpus and the fixtures re-laid out (joined into one
//!   line, hard-wrapped on pages with furniture, indented, CRLF …) read the
//!   same.
//! - `parquet`: the binary's Parquet output, read back with the parquet
//!   crate.
//!
//! Modules that run the binary need the `cli` feature (on by default), so
//! that the tests also compile with `--no-default-features`.

mod accuracy;
#[cfg(feature = "cli")]
mod batch;
#[cfg(feature = "cli")]
mod browser;
#[cfg(feature = "cli")]
mod cli;
mod common;
#[cfg(feature = "cli")]
mod datasets;
mod fixtures;
#[cfg(feature = "pdf")]
mod inputs;
mod invariants;
mod layout;
mod library;
#[cfg(feature = "cli")]
mod outputs;
#[cfg(feature = "cli")]
mod parquet;
mod properties;
#[cfg(feature = "cli")]
mod review;
mod wire;
