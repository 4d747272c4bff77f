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
//! - `cli`: the `guihua` binary's behaviour and exit codes.

mod accuracy;
mod batch;
mod cli;
mod common;
mod datasets;
mod fixtures;
mod invariants;
mod properties;
mod wire;
