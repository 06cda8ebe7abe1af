//! AFL target: `targets::text`.

#[path = "../targets.rs"]
mod targets;

fn main() {
    afl::fuzz!(|data: &[u8]| targets::text(data));
}
