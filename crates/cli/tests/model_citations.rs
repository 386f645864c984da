//! Every citation of the model reference in the sources (`crates/`, `web/`, `scripts/`) points
//! into the repository's `docs/MODEL.md`, at a section that exists there (issue 17: someone who
//! clones the repository must be able to read what the code cites).
//!
//! The forms in use are `MODEL.md §7`, `MODEL.md section 4`, `MODEL.md sections 3 and 6`,
//! `MODEL.md sections 2-4, 13`, `MODEL.md section 1, step 3` and `MODEL.md section 1, steps 3
//! and 6` (steps of the cascade, not sections), possibly split over two comment lines. A
//! citation fails, named by `file:line`, when:
//! * its path is anything but `MODEL.md` or `docs/MODEL.md` (`../shared/MODEL.md`,
//!   `/work/shared/MODEL.md`: outside the repository);
//! * it names no section (only `docs/MODEL.md` may name the whole document);
//! * a section it names is not a `## N.` heading of `docs/MODEL.md`, or a step of section 1 is
//!   not one of its six;
//! * it quotes a phrase (`MODEL.md section 14, "insurance that cannot cover correlated
//!   losses"`) that the cited section does not contain.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The file name every citation names.
const NEEDLE: &str = "MODEL.md";
/// Folders scanned, relative to the repository root.
const SCANNED: [&str; 3] = ["crates", "web", "scripts"];
/// Folders never scanned (build output, dependencies).
const SKIPPED_DIRS: [&str; 4] = ["target", "node_modules", "dist", "pkg"];
/// Steps of the cascade in section 1.
const CASCADE_STEPS: u32 = 6;

/// One parsed citation.
#[derive(Debug, PartialEq, Eq)]
struct Citation {
    /// What stands before `MODEL.md` (`""`, `"docs/"`, `"../shared/"`...).
    path_prefix: String,
    /// Sections named, in order of appearance.
    sections: Vec<u32>,
    /// Steps of the cascade named (`section 1, step 3`).
    steps: Vec<u32>,
    /// A phrase quoted right after the sections, when there is one and it closes.
    quote: Option<String>,
}

fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// Strips a comment leader (`//!`, `///`, `//`, `#`, `*`) and indentation, for a citation that
/// continues on the next line.
fn continuation(line: &str) -> &str {
    let t = line.trim_start();
    for leader in ["//!", "///", "//", "#", "*"] {
        if let Some(rest) = t.strip_prefix(leader) {
            return rest.trim_start();
        }
    }
    t
}

/// Reads a decimal number at the start of `s`.
fn number(s: &str) -> Option<(u32, &str)> {
    let end = s.find(|c: char| !c.is_ascii_digit()).unwrap_or(s.len());
    if end == 0 {
        return None;
    }
    Some((s[..end].parse().ok()?, &s[end..]))
}

/// Reads `§N` or `N` at the start of `s`.
fn section_number(s: &str) -> Option<(u32, &str)> {
    number(s.strip_prefix('§').unwrap_or(s))
}

/// Reads a step clause after a section (`, step 3`, ` step 4`, `, steps 3 and 6`).
fn steps<'a>(s: &'a str, out: &mut Vec<u32>) -> &'a str {
    let t = s.strip_prefix(',').unwrap_or(s);
    let Some(t) = t.strip_prefix(' ') else {
        return s;
    };
    if let Some(t) = t.strip_prefix("steps ") {
        let Some((a, t)) = number(t) else { return s };
        out.push(a);
        if let Some((b, t)) = t.strip_prefix(" and ").and_then(number) {
            out.push(b);
            return t;
        }
        return t;
    }
    if let Some((a, t)) = t.strip_prefix("step ").and_then(number) {
        out.push(a);
        return t;
    }
    s
}

/// Parses the citation whose `MODEL.md` starts at byte `at` of `text` (the line, a space, and
/// the next line's continuation).
fn parse(text: &str, at: usize) -> Citation {
    let before = &text[..at];
    let start = before
        .rfind(|c: char| !(c.is_ascii_alphanumeric() || "./_-~".contains(c)))
        .map_or(0, |i| {
            i + before[i..].chars().next().map_or(1, char::len_utf8)
        });
    let path_prefix = before[start..].to_string();
    let mut rest = &text[at + NEEDLE.len()..];
    rest = rest.strip_prefix('`').unwrap_or(rest);
    rest = rest.strip_prefix("'s").unwrap_or(rest);
    let rest = rest.trim_start();
    let mut sections = Vec::new();
    let mut step_list = Vec::new();
    let list = if rest.starts_with('§') {
        Some(rest)
    } else {
        rest.strip_prefix("sections ")
            .or_else(|| rest.strip_prefix("section "))
    };
    let mut tail = rest;
    if let Some(mut s) = list {
        while let Some((n, t)) = section_number(s) {
            let mut t = t;
            let range = t
                .strip_prefix('-')
                .or_else(|| t.strip_prefix('–'))
                .and_then(section_number);
            if let Some((m, after)) = range {
                sections.extend(n..=m.max(n));
                t = after;
            } else {
                sections.push(n);
            }
            t = steps(t, &mut step_list);
            tail = t;
            let next = [", ", " and ", "; "].iter().find_map(|sep| {
                let u = t.strip_prefix(sep)?;
                let u = u
                    .strip_prefix("sections ")
                    .or_else(|| u.strip_prefix("section "))
                    .unwrap_or(u);
                section_number(u).map(|_| u)
            });
            match next {
                Some(u) => s = u,
                None => break,
            }
        }
    }
    let quote = [": \"", ", \"", " (\"", " \""].iter().find_map(|open| {
        let q = tail.strip_prefix(open)?;
        q.find('"').map(|end| q[..end].to_string())
    });
    Citation {
        path_prefix,
        sections,
        steps: step_list,
        quote,
    }
}

/// Lower case, one space between words, no Markdown emphasis or code marks.
fn normalise(s: &str) -> String {
    s.chars()
        .filter(|c| !"*`".contains(*c))
        .collect::<String>()
        .to_lowercase()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// The sections of `docs/MODEL.md` by number, each with its normalised text.
fn model_sections(model: &str) -> BTreeMap<u32, String> {
    let mut out: BTreeMap<u32, String> = BTreeMap::new();
    let mut current = None;
    for line in model.lines() {
        if let Some(h) = line.strip_prefix("## ") {
            current = number(h)
                .filter(|(_, t)| t.starts_with('.'))
                .map(|(n, _)| n);
        }
        if let Some(n) = current {
            let text = out.entry(n).or_default();
            text.push(' ');
            text.push_str(line);
        }
    }
    out.into_iter().map(|(n, t)| (n, normalise(&t))).collect()
}

/// What is wrong with one citation, if anything.
fn check(c: &Citation, sections: &BTreeMap<u32, String>) -> Option<String> {
    if !matches!(c.path_prefix.as_str(), "" | "docs/") {
        return Some(format!(
            "cites {}{NEEDLE}, outside docs/{NEEDLE}",
            c.path_prefix
        ));
    }
    if c.sections.is_empty() {
        return (c.path_prefix != "docs/")
            .then(|| format!("cites {NEEDLE} without a section (write `{NEEDLE} section N`)"));
    }
    if let Some(n) = c.sections.iter().find(|n| !sections.contains_key(n)) {
        return Some(format!(
            "cites section {n}, which docs/{NEEDLE} does not have"
        ));
    }
    if let Some(s) = c.steps.iter().find(|s| !(1..=CASCADE_STEPS).contains(*s)) {
        return Some(format!(
            "cites step {s} of the cascade, which has {CASCADE_STEPS}"
        ));
    }
    if let Some(q) = &c.quote {
        let q = normalise(q);
        let found = c
            .sections
            .iter()
            .any(|n| sections.get(n).is_some_and(|t| t.contains(&q)));
        if !found {
            return Some(format!(
                "quotes \"{q}\", not in section(s) {:?}",
                c.sections
            ));
        }
    }
    None
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut entries: Vec<_> = entries.filter_map(Result::ok).collect();
    entries.sort_by_key(|e| e.file_name());
    for e in entries {
        let path = e.path();
        let name = e.file_name().to_string_lossy().into_owned();
        if name.starts_with('.') {
            continue;
        }
        match e.file_type() {
            Ok(t) if t.is_dir() && !SKIPPED_DIRS.contains(&name.as_str()) => walk(&path, out),
            Ok(t) if t.is_file() => out.push(path),
            _ => {}
        }
    }
}

/// Every citation in `text` as (line number, citation).
fn citations(text: &str) -> Vec<(usize, Citation)> {
    let lines: Vec<&str> = text.lines().collect();
    let mut out = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        let joined = match lines.get(i + 1) {
            Some(next) => format!("{} {}", line.trim_end(), continuation(next)),
            None => line.to_string(),
        };
        for (at, _) in line.match_indices(NEEDLE) {
            out.push((i + 1, parse(&joined, at)));
        }
    }
    out
}

#[test]
fn every_model_citation_points_into_docs_model_md() {
    let root = repo_root();
    let model = std::fs::read_to_string(root.join("docs").join(NEEDLE))
        .expect("docs/MODEL.md exists in the repository");
    let sections = model_sections(&model);
    assert!(
        sections.len() >= 16,
        "sections found: {:?}",
        sections.keys()
    );
    let this_file = Path::new(file!()).file_name().expect("file name");
    let mut files = Vec::new();
    for dir in SCANNED {
        walk(&root.join(dir), &mut files);
    }
    let mut found = 0;
    let mut errors = Vec::new();
    for path in files {
        if path.file_name() == Some(this_file) {
            continue;
        }
        let Ok(text) = std::fs::read_to_string(&path) else {
            continue; // not UTF-8 text
        };
        for (line, c) in citations(&text) {
            found += 1;
            if let Some(e) = check(&c, &sections) {
                let rel = path.strip_prefix(&root).unwrap_or(&path);
                errors.push(format!("{}:{line}: {e}", rel.display()));
            }
        }
    }
    assert!(
        found >= 100,
        "only {found} citations found: is the scan broken?"
    );
    assert!(
        errors.is_empty(),
        "{} of {found} citations of {NEEDLE} are wrong:\n{}",
        errors.len(),
        errors.join("\n")
    );
}

fn sections_of(text: &str) -> Vec<u32> {
    citations(text).remove(0).1.sections
}

#[test]
fn the_parser_reads_every_form_in_use() {
    assert_eq!(sections_of("(MODEL.md §7)."), [7]);
    assert_eq!(sections_of("MODEL.md section 4, and more"), [4]);
    assert_eq!(sections_of("MODEL.md sections 3 and 6"), [3, 6]);
    assert_eq!(sections_of("MODEL.md sections 2-4, 13)"), [2, 3, 4, 13]);
    assert_eq!(sections_of("MODEL.md §3–§8"), [3, 4, 5, 6, 7, 8]);
    assert_eq!(sections_of("MODEL.md sections 1 step 3 and 6)"), [1, 6]);
    assert_eq!(sections_of("MODEL.md section 1 step 4; section 8"), [1, 8]);
    assert_eq!(
        sections_of("MODEL.md section 1 step 4 and section 7"),
        [1, 7]
    );
    assert_eq!(sections_of("/// text, MODEL.md\n/// section 9)."), [9]);
    let c = &citations("MODEL.md section 1, steps 3 and 6; docs")[0].1;
    assert_eq!(
        (c.sections.as_slice(), c.steps.as_slice()),
        (&[1][..], &[3, 6][..])
    );
    let c = &citations("x (`docs/MODEL.md` is")[0].1;
    assert_eq!((c.path_prefix.as_str(), c.sections.len()), ("docs/", 0));
    let c = &citations("MODEL.md section 14, \"insurance that\n/// cannot cover\"")[0].1;
    assert_eq!(c.quote.as_deref(), Some("insurance that cannot cover"));
}

#[test]
fn the_checker_refuses_what_it_must() {
    let model = "# T\n## 3. Consensus\nSelf-check: 9.6 ETH.\n## 14. Channels\nInsurance that cannot cover.\n";
    let sections = model_sections(model);
    let first = |s: &str| check(&citations(s).remove(0).1, &sections);
    assert_eq!(first("see MODEL.md §3"), None);
    assert_eq!(first("see docs/MODEL.md section 14"), None);
    assert_eq!(first("`docs/MODEL.md` is the model"), None);
    assert!(first("see ../shared/MODEL.md §3")
        .unwrap()
        .contains("outside"));
    assert!(first("see /work/shared/MODEL.md")
        .unwrap()
        .contains("outside"));
    assert!(first("as in MODEL.md.")
        .unwrap()
        .contains("without a section"));
    assert!(first("MODEL.md's self-check")
        .unwrap()
        .contains("without a section"));
    assert!(first("MODEL.md section 4").unwrap().contains("section 4"));
    assert!(first("MODEL.md sections 3 and 5")
        .unwrap()
        .contains("section 5"));
    assert!(first("MODEL.md section 3, step 7")
        .unwrap()
        .contains("step 7"));
    assert_eq!(
        first("MODEL.md section 14, \"insurance that cannot\""),
        None
    );
    assert!(first("MODEL.md section 3, \"insurance that cannot\"")
        .unwrap()
        .contains("quotes"));
}
