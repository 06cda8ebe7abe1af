//! AFL target: `targets::codes`.

#[path = "../targets.rs"]
mod targets;

fn main() {
    afl::fuzz!(|data: &[u8]| targets::codes(data));
}
