//! AFL target: `targets::mime`.

#[path = "../targets.rs"]
mod targets;

fn main() {
    afl::fuzz!(|data: &[u8]| targets::mime(data));
}
