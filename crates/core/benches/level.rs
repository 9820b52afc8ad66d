//! Loading a level: reading its own names, parsing, and compiling it to rules — what `check`,
//! hot reload and the level list pay per file. A shipped chapter (no names of its own) and the
//! worked example (its own variable, moves, steps and allies).

#![allow(
    clippy::expect_used,
    reason = "a benchmark without its level cannot run"
)]

use criterion::{Criterion, criterion_group, criterion_main};
use qpq_core::level;
use std::hint::black_box;

fn loading(c: &mut Criterion) {
    let april = level::shipped_text("april-2000").expect("shipped level");
    let varnia = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../levels/examples/varnia.ron"
    ))
    .expect("the worked example");
    let mut group = c.benchmark_group("load_level");
    group.bench_function("april-2000", |b| {
        b.iter(|| level::load_bytes("april-2000.ron", black_box(april.as_bytes())).is_ok())
    });
    group.bench_function("varnia", |b| {
        b.iter(|| level::load_bytes("varnia.ron", black_box(varnia.as_bytes())).is_ok())
    });
    group.finish();
}

criterion_group!(benches, loading);
criterion_main!(benches);
