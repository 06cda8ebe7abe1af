//! The module graph follows the flow: no file or module imports in a circle, and every import
//! points down the layers written at the top of `src/lib.rs`.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use regex::Regex;

/// A module's path below the crate root, e.g. `["cases", "store"]`.
type ModPath = Vec<String>;

/// Each module's layer; a module may import only modules of a lower layer (the bottom layer
/// among itself, as long as no circle forms).
const LAYERS: [(&str, u8); 18] = [
    ("domain", 0),
    ("config", 0),
    ("db", 0),
    ("tls", 0),
    ("imap", 0),
    ("telemetry", 0),
    ("metrics", 0),
    ("oauth", 0),
    ("assist", 1),
    ("accounts", 1),
    ("cases", 2),
    ("intake", 3),
    ("outbox", 3),
    ("drafting", 3),
    ("web", 4),
    ("app", 5),
    ("cli", 6),
    ("main", 7),
];

fn modules(dir: &Path, prefix: &[String], out: &mut BTreeMap<ModPath, String>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_stem().unwrap().to_string_lossy().into_owned();
        if path.is_dir() {
            let mut p = prefix.to_vec();
            p.push(name);
            modules(&path, &p, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            let mut p = prefix.to_vec();
            if !matches!(name.as_str(), "mod" | "lib") {
                p.push(name);
            }
            out.insert(p, std::fs::read_to_string(&path).unwrap());
        }
    }
}

/// The longest known module a path names.
fn resolve(known: &BTreeMap<ModPath, String>, path: &[String]) -> Option<ModPath> {
    (1..=path.len())
        .rev()
        .map(|n| path[..n].to_vec())
        .find(|p| known.contains_key(p))
}

/// Which modules each module's code names through `crate::` or `super::` paths (unit tests
/// excluded: they may reach anywhere).
fn imports(known: &BTreeMap<ModPath, String>) -> BTreeMap<ModPath, BTreeSet<ModPath>> {
    let path_re =
        Regex::new(r"\b(crate|super)((?:::[A-Za-z_][A-Za-z0-9_]*)+)(?:::\{([^}]*)\})?").unwrap();
    let tests_re = Regex::new(r"(?s)#\[cfg\(test\)\]\s*mod \w+ \{.*").unwrap();
    let mut graph = BTreeMap::new();
    for (module, source) in known {
        let code = tests_re.replace(source, "");
        let mut deps = BTreeSet::new();
        for m in path_re.captures_iter(&code) {
            let segments: Vec<String> = m[2].split("::").skip(1).map(str::to_owned).collect();
            let base: Vec<String> = if &m[1] == "crate" {
                segments
            } else {
                let mut p = module[..module.len().saturating_sub(1)].to_vec();
                p.extend(segments);
                p
            };
            let mut candidates = vec![base.clone()];
            if let Some(group) = m.get(3) {
                for item in group.as_str().split(',') {
                    let first = item.trim().split([' ', ':']).next().unwrap_or("");
                    if !first.is_empty() && first != "self" {
                        let mut p = base.clone();
                        p.push(first.to_owned());
                        candidates.push(p);
                    }
                }
            }
            for c in candidates {
                if let Some(dep) = resolve(known, &c) {
                    // A module naming its own ancestors (its `mod.rs`) is how Rust nests.
                    if dep != *module && !module.starts_with(&dep) {
                        deps.insert(dep);
                    }
                }
            }
        }
        graph.insert(module.clone(), deps);
    }
    graph
}

fn cycles<T: Ord + Clone + std::fmt::Debug>(graph: &BTreeMap<T, BTreeSet<T>>) -> Vec<(T, T)> {
    let reaches = |from: &T, to: &T| {
        let mut stack = vec![from.clone()];
        let mut seen = BTreeSet::new();
        while let Some(n) = stack.pop() {
            if &n == to {
                return true;
            }
            if seen.insert(n.clone()) {
                stack.extend(graph.get(&n).into_iter().flatten().cloned());
            }
        }
        false
    };
    graph
        .iter()
        .flat_map(|(a, deps)| deps.iter().map(move |b| (a.clone(), b.clone())))
        .filter(|(a, b)| reaches(b, a))
        .collect()
}

fn source_graph() -> BTreeMap<ModPath, BTreeSet<ModPath>> {
    let mut known = BTreeMap::new();
    modules(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("src").as_path(),
        &[],
        &mut known,
    );
    imports(&known)
}

#[test]
fn no_file_imports_another_that_imports_it_back() {
    let found = cycles(&source_graph());
    assert!(found.is_empty(), "files importing in a circle: {found:?}");
}

#[test]
fn no_module_imports_in_a_circle_and_every_import_points_down() {
    let mut top: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (module, deps) in source_graph() {
        let Some(from) = module.first() else { continue };
        let entry = top.entry(from.clone()).or_default();
        entry.extend(
            deps.iter()
                .filter_map(|d| d.first())
                .filter(|d| *d != from)
                .cloned(),
        );
    }
    assert!(
        cycles(&top).is_empty(),
        "modules importing in a circle: {:?}",
        cycles(&top)
    );
    let layer = |m: &str| {
        LAYERS
            .iter()
            .find(|(name, _)| *name == m)
            .map(|(_, l)| *l)
            .unwrap_or_else(|| panic!("module {m} has no layer in tests/layout.rs"))
    };
    let mut upward = Vec::new();
    for (from, deps) in &top {
        for to in deps {
            let (lf, lt) = (layer(from), layer(to));
            if lt > lf || (lt == lf && lf != 0) {
                upward.push(format!("{from} -> {to}"));
            }
        }
    }
    assert!(
        upward.is_empty(),
        "imports that do not point down: {upward:?}"
    );
    assert_eq!(
        top["cases"],
        BTreeSet::from(["domain".to_owned()]),
        "the case store stands on the domain alone"
    );
    assert_eq!(top["assist"], BTreeSet::from(["domain".to_owned()]));
}

#[test]
fn the_checker_sees_a_circle_when_there_is_one() {
    let graph: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::from([
        ("a", BTreeSet::from(["b"])),
        ("b", BTreeSet::from(["c"])),
        ("c", BTreeSet::from(["a"])),
        ("d", BTreeSet::from(["a"])),
    ]);
    assert_eq!(cycles(&graph).len(), 3);
    let mut known = BTreeMap::new();
    known.insert(
        vec!["x".to_owned()],
        "use crate::y::{self, Thing};".to_owned(),
    );
    known.insert(vec!["y".to_owned()], "use super::x::Other;".to_owned());
    let found = cycles(&imports(&known));
    assert_eq!(found.len(), 2, "{found:?}");
}
