/*!
guihua (规划) turns the raw text of a Chinese government development plan
into structured data: the document's outline (headings, domain chapters,
numbered 主要目标 goals and 策略措施 measures) and every quantitative target
and baseline as a typed indicator record.

The pipeline is: split lines and classify them, build the
outline, read 主要指标 tables, then join broken sentences, fold full-width and
traditional characters, and judge every number token in its clause: the verb
before it, the comparator words after it, the subject it measures.

# Example

```
let text = "（一）妇女与健康\n主要目标：\n1.孕产妇死亡率下降到12/10万以下，城乡差距缩小。\n";
let ex = guihua::extract(text);
let ind = &ex.indicators()[0];
assert_eq!(ex.name(ind), "孕产妇死亡率");
assert_eq!(ind.comparator.as_str(), "<=");
assert_eq!(ind.unit.as_str(), "1/10万");
assert_eq!(ind.line, 3);
assert_eq!(ex.slice(ind.quote), "孕产妇死亡率下降到12/10万以下");

let mut out = Vec::new();
ex.write_jsonl("plan.txt", &mut out).unwrap();
let jsonl = String::from_utf8(out).unwrap();
assert!(jsonl.lines().any(|l| l.contains(r#""indicator":"孕产妇死亡率","comparator":"<=","value":12"#)));
```

# Offsets

Every [`Span`] is a half-open range of UTF-8 byte offsets into the raw input
exactly as given: no BOM stripping, no CRLF rewriting, no normalised copy as
a frame. Both ends lie on char boundaries, so `&text[span.range()]` never
panics. Scanners work on a folded copy of each paragraph and map every span
back before it leaves them.

Line numbers are 1-based and count raw lines split on `'\n'`, as Python's
`text.split("\n")` does. Character columns exist only on the wire (the
`col` field of JSON records).

# Performance

Build one [`Extractor`] and reuse it: it is cheap to clone and can be shared
across threads. [`extract`] uses a process-wide one. Extraction is linear in
the input: every look-behind is bounded by the clause it stands in.

# Wire format

See the [`output`] module for the JSON Lines and JSON formats.
*/
#![deny(missing_docs)]
#![warn(missing_debug_implementations)]
#![forbid(unsafe_code)]

pub mod catalogue;
mod chars;
pub mod dataset;
pub mod docid;
mod error;
mod indicator;
#[cfg(feature = "input")]
pub mod input;
mod lexicon;
mod metadata;
mod model;
mod normalize;
mod numbering;
pub mod output;
mod reading;
mod segment;
mod span;
mod structure;
mod table;
mod value;

use std::borrow::Cow;
use std::sync::{Arc, LazyLock};

use catalogue::Catalogue;

pub use error::{Error, ErrorKind, Result};
pub use metadata::{CitedPlan, Level, Metadata};
pub use model::{
    ChapterKind, Comparator, Diagnostic, DiagnosticKind, Domain, Indicator, Item, ItemRole, Kind,
    Name, Section, SectionIdx, Source, Unit, Value,
};
pub use span::{LineIndex, Span};

/// Stage entry points for the benchmarks; not part of the API.
#[doc(hidden)]
pub mod __bench {
    use crate::span::LineIndex;

    /// Folds every line of `text` (the normalisation stage): the folded length.
    pub fn normalize(text: &str) -> usize {
        let mut f = crate::normalize::Folded::default();
        let mut n = 0;
        for line in text.split('\n') {
            f.clear();
            f.push_piece(line, 0);
            n += f.text.len();
        }
        n
    }

    /// The reading layer's blocks of `text`, one line each (`kind: text`),
    /// for debugging.
    pub fn blocks(text: &str) -> String {
        let idx = LineIndex::new(text);
        let r = crate::reading::read(text, &idx);
        let mut out = String::new();
        for b in &r.blocks {
            let t: String =
                r.pieces(b).iter().map(|p| &text[p.range()]).collect::<Vec<_>>().join("⏎");
            out.push_str(&format!(
                "{:?}{} L{}: {}\n",
                b.kind(),
                if b.table { " cell" } else { "" },
                idx.line(b.span.start),
                t
            ));
        }
        out
    }

    /// Builds the outline (line classification and sections): the number of
    /// sections.
    pub fn outline(text: &str) -> usize {
        let idx = LineIndex::new(text);
        crate::structure::build(text, &idx).sections.len()
    }

    /// Tables and indicators on a prebuilt outline: the number of indicators.
    pub fn indicators(extractor: &crate::Extractor, text: &str) -> usize {
        let idx = LineIndex::new(text);
        let outline = crate::structure::build(text, &idx);
        let mut out = Vec::new();
        let mut diags = Vec::new();
        crate::table::extract(text, &idx, &outline, &mut out, &mut diags);
        crate::indicator::extract(
            text,
            &idx,
            &outline,
            &extractor.inner.words,
            &mut out,
            &mut diags,
        );
        out.len()
    }
}

/// Extracts with a process-wide default [`Extractor`].
///
/// ```
/// let ex = guihua::extract("1.婚前医学检查率达到90%。\n");
/// let ind = &ex.indicators()[0];
/// assert_eq!((ex.name(ind), ind.value), ("婚前医学检查率", guihua::Value::Number(90.0)));
/// ```
pub fn extract(text: &str) -> Extraction<'_> {
    static DEFAULT: LazyLock<Extractor> = LazyLock::new(Extractor::new);
    DEFAULT.extract(text)
}

/// Extracts outlines and indicators. Build it once and share it: it is
/// `Send + Sync` and cheap to clone.
///
/// ```
/// let extractor = guihua::Extractor::new();
/// let texts = ["1.孕产妇死亡率下降到12/10万以下。", "1.婚前医学检查率达到90%。"];
/// std::thread::scope(|s| {
///     for text in texts {
///         let extractor = &extractor;
///         s.spawn(move || assert_eq!(extractor.extract(text).indicators().len(), 1));
///     }
/// });
/// ```
#[derive(Clone, Debug)]
pub struct Extractor {
    inner: Arc<Inner>,
}

#[derive(Debug)]
struct Inner {
    words: segment::Words,
    catalogue: Arc<Catalogue>,
}

impl Extractor {
    /// An extractor with the default configuration.
    pub fn new() -> Extractor {
        ExtractorBuilder::new().build().expect("the built-in configuration is valid")
    }

    /// A builder to configure an extractor.
    pub fn builder() -> ExtractorBuilder {
        ExtractorBuilder::new()
    }

    /// Extracts the outline and indicators of `text`. Never fails: problems
    /// become [`Diagnostic`]s on the result.
    ///
    /// ```
    /// let text = "（一）妇女与健康\n主要目标：\n1.孕产妇死亡率下降到12/10万以下。\n";
    /// let ex = guihua::Extractor::new().extract(text);
    /// assert_eq!(ex.sections()[0].domain, Some(guihua::Domain::Health));
    /// assert_eq!(ex.items()[0].role, guihua::ItemRole::Goal);
    /// assert_eq!(ex.indicators()[0].comparator, guihua::Comparator::Le);
    /// ```
    pub fn extract<'t>(&self, text: &'t str) -> Extraction<'t> {
        let line_index = LineIndex::new(text);
        let mut outline = structure::build(text, &line_index);
        let mut diagnostics = std::mem::take(&mut outline.diagnostics);
        let mut indicators = Vec::new();
        table::extract(text, &line_index, &outline, &mut indicators, &mut diagnostics);
        indicator::extract(
            text,
            &line_index,
            &outline,
            &self.inner.words,
            &mut indicators,
            &mut diagnostics,
        );
        indicators.sort_by_key(|i| (i.value_span.start, i.value_span.end));
        let catalogue = &self.inner.catalogue;
        for ind in &mut indicators {
            let name = match &ind.name {
                Name::Span(s) => &text[s.range()],
                Name::Composed(s) => s.as_str(),
            };
            ind.canonical = catalogue.lookup(name);
        }
        diagnostics.sort_by_key(|d| d.span.start);
        Extraction {
            text: Cow::Borrowed(text),
            catalogue: Arc::clone(&self.inner.catalogue),
            metadata: std::sync::OnceLock::new(),
            line_index,
            sections: outline.sections,
            titles: outline.titles,
            items: outline.items,
            indicators,
            diagnostics,
        }
    }
}

impl Extractor {
    /// Like [`extract`](Extractor::extract), taking the text: the result
    /// holds it and has no lifetime to respect (no copy is made).
    ///
    /// ```
    /// let ex = guihua::Extractor::new().extract_owned(String::from("1.婚前医学检查率达到90%。"));
    /// assert_eq!(ex.indicators().len(), 1);
    /// ```
    pub fn extract_owned(&self, text: String) -> Extraction<'static> {
        let Extraction {
            text: _,
            catalogue,
            metadata,
            line_index,
            sections,
            titles,
            items,
            indicators,
            diagnostics,
        } = self.extract(&text);
        Extraction {
            text: Cow::Owned(text),
            catalogue,
            metadata,
            line_index,
            sections,
            titles,
            items,
            indicators,
            diagnostics,
        }
    }
}

impl Default for Extractor {
    fn default() -> Extractor {
        Extractor::new()
    }
}

/// Configures an [`Extractor`].
#[derive(Clone, Debug)]
pub struct ExtractorBuilder {
    word_segmentation: bool,
    user_words: Vec<String>,
    catalogue: Option<Catalogue>,
}

impl Default for ExtractorBuilder {
    fn default() -> ExtractorBuilder {
        ExtractorBuilder::new()
    }
}

impl ExtractorBuilder {
    /// A builder with the default configuration.
    pub fn new() -> ExtractorBuilder {
        ExtractorBuilder { word_segmentation: true, user_words: Vec::new(), catalogue: None }
    }

    /// Whether long subject names are cut at word boundaries found by the
    /// word segmenter (on by default). Off, they are cut at characters.
    pub fn word_segmentation(&mut self, yes: bool) -> &mut ExtractorBuilder {
        self.word_segmentation = yes;
        self
    }

    /// Adds words (one per entry, as in a jieba user dictionary line:
    /// `word [freq] [tag]`) to the segmenter's dictionary.
    pub fn user_words<I, S>(&mut self, words: I) -> &mut ExtractorBuilder
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        self.user_words.extend(words.into_iter().map(|s| s.as_ref().to_string()));
        self
    }

    /// Adds a catalogue of canonical indicators to the built-in one (its
    /// entries replace built-in entries with the same id).
    pub fn catalogue(&mut self, catalogue: Catalogue) -> &mut ExtractorBuilder {
        self.catalogue = Some(catalogue);
        self
    }

    /// Builds the extractor. Fails only when a user word list is malformed.
    ///
    /// ```
    /// use guihua::catalogue::Catalogue;
    /// let mine = Catalogue::parse("X.1\t卫生院数\t健康\t所\thigher\t标准化乡镇卫生院\tmy survey\n")?;
    /// let extractor = guihua::Extractor::builder().catalogue(mine).build()?;
    /// let ex = extractor.extract("1.标准化乡镇卫生院达到3所以上。");
    /// assert_eq!(ex.canonical(&ex.indicators()[0]).map(|e| e.id.as_str()), Some("X.1"));
    /// # Ok::<(), guihua::Error>(())
    /// ```
    pub fn build(&self) -> Result<Extractor> {
        let words = segment::Words::new(self.word_segmentation, &self.user_words)?;
        let mut catalogue = Catalogue::builtin().clone();
        if let Some(user) = &self.catalogue {
            catalogue.extend(user.clone());
        }
        Ok(Extractor { inner: Arc::new(Inner { words, catalogue: Arc::new(catalogue) }) })
    }
}

/// The result of extracting one document: the outline, the indicator
/// records and the diagnostics, with the text they point into.
///
/// It borrows the input text (`'t`) when made by [`Extractor::extract`];
/// [`Extraction::into_owned`] and [`Extractor::extract_owned`] give an
/// `Extraction<'static>` that holds its text, to return from a function
/// that reads the file or to keep beyond the text's buffer.
///
/// ```
/// fn load(path: &std::path::Path) -> std::io::Result<guihua::Extraction<'static>> {
///     let text = std::fs::read_to_string(path)?;
///     Ok(guihua::Extractor::new().extract_owned(text))
/// }
/// # let dir = std::env::temp_dir().join(format!("guihua-doc-{}", std::process::id()));
/// # std::fs::create_dir_all(&dir).unwrap();
/// # let path = dir.join("plan.txt");
/// # std::fs::write(&path, "1.孕产妇死亡率下降到12/10万以下。\n").unwrap();
/// let ex = load(&path)?;
/// assert_eq!(ex.name(&ex.indicators()[0]), "孕产妇死亡率");
/// # std::fs::remove_dir_all(&dir).unwrap();
/// # Ok::<(), std::io::Error>(())
/// ```
#[derive(Debug)]
pub struct Extraction<'t> {
    text: Cow<'t, str>,
    catalogue: Arc<Catalogue>,
    /// Read on first use: extraction alone does not pay for it.
    metadata: std::sync::OnceLock<Metadata>,
    line_index: LineIndex,
    sections: Vec<Section>,
    /// The text of titles a page width broke (without the line breaks and
    /// page furniture inside their span).
    titles: Vec<(Span, String)>,
    items: Vec<Item>,
    indicators: Vec<Indicator>,
    diagnostics: Vec<Diagnostic>,
}

impl<'t> Extraction<'t> {
    /// The input text.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// The raw text of `span`.
    pub fn slice(&self, span: Span) -> &str {
        &self.text[span.range()]
    }

    /// A section's title as a reader sees it: the raw text of its `title`
    /// span, or, for a title a page width broke across lines, its lines
    /// joined without the line breaks and any page furniture between them.
    pub fn title(&self, section: &Section) -> &str {
        match self.titles.iter().find(|(s, _)| *s == section.title) {
            Some((_, t)) => t,
            None => self.slice(section.title),
        }
    }

    /// The same extraction holding its own copy of the text (none is made
    /// when it already holds it).
    ///
    /// ```
    /// fn extract_file(text: String) -> guihua::Extraction<'static> {
    ///     guihua::extract(&text).into_owned()
    /// }
    /// let ex = extract_file("1.孕产妇死亡率下降到12/10万以下。".to_string());
    /// assert_eq!(ex.slice(ex.indicators()[0].quote), "孕产妇死亡率下降到12/10万以下");
    /// ```
    pub fn into_owned(self) -> Extraction<'static> {
        let text = Cow::Owned(self.text.into_owned());
        Extraction {
            text,
            catalogue: self.catalogue,
            metadata: self.metadata,
            line_index: self.line_index,
            sections: self.sections,
            titles: self.titles,
            items: self.items,
            indicators: self.indicators,
            diagnostics: self.diagnostics,
        }
    }

    /// The catalogue the indicators were matched against.
    pub fn catalogue(&self) -> &Catalogue {
        &self.catalogue
    }

    /// The canonical catalogue entry of an indicator.
    pub fn canonical(&self, ind: &Indicator) -> Option<&catalogue::Entry> {
        ind.canonical.as_ref().map(|m| &self.catalogue.entries()[m.entry])
    }

    /// What the document says about itself: title, region, period …
    ///
    /// ```
    /// let ex = guihua::extract("柳河县妇女发展规划（2021—2030年）\n");
    /// let m = ex.metadata();
    /// assert_eq!(m.region.as_deref(), Some("柳河县"));
    /// assert_eq!(m.period, Some((2021, 2030)));
    /// ```
    pub fn metadata(&self) -> &Metadata {
        self.metadata.get_or_init(|| metadata::read(&self.text, &self.line_index))
    }

    /// The line index of the input.
    pub fn line_index(&self) -> &LineIndex {
        &self.line_index
    }

    /// Every heading of the outline, in document order; parents come before
    /// their children.
    pub fn sections(&self) -> &[Section] {
        &self.sections
    }

    /// The domain chapters (妇女与健康 …), in document order.
    pub fn domain_sections(&self) -> impl Iterator<Item = &Section> {
        self.sections.iter().filter(|s| s.domain.is_some())
    }

    /// The section `idx` points to.
    pub fn section(&self, idx: SectionIdx) -> &Section {
        &self.sections[idx.0 as usize]
    }

    /// The top-level sections, in document order.
    pub fn roots(&self) -> impl Iterator<Item = (SectionIdx, &Section)> {
        self.sections
            .iter()
            .enumerate()
            .filter(|(_, s)| s.parent.is_none())
            .map(|(i, s)| (SectionIdx(i as u32), s))
    }

    /// The sections directly under `idx`, in document order.
    ///
    /// ```
    /// let text = "一、发展领域\n（一）妇女与健康\n（二）妇女与教育\n二、组织实施\n";
    /// let ex = guihua::extract(text);
    /// let (first, _) = ex.roots().next().unwrap();
    /// let titles: Vec<&str> = ex.children(first).map(|(_, s)| ex.slice(s.title)).collect();
    /// assert_eq!(titles, ["妇女与健康", "妇女与教育"]);
    /// ```
    pub fn children(&self, idx: SectionIdx) -> impl Iterator<Item = (SectionIdx, &Section)> {
        // Children come after their parent.
        let from = idx.0 as usize + 1;
        self.sections[from.min(self.sections.len())..]
            .iter()
            .enumerate()
            .filter(move |(_, s)| s.parent == Some(idx))
            .map(move |(i, s)| (SectionIdx((from + i) as u32), s))
    }

    /// The items directly in section `idx` (not in its subsections), in
    /// document order.
    pub fn items_in(&self, idx: SectionIdx) -> impl Iterator<Item = &Item> {
        self.items.iter().filter(move |it| it.section == Some(idx))
    }

    /// The whole outline in document order (each section after its
    /// parent), with each section's depth (0 for the top level).
    ///
    /// ```
    /// let text = "一、发展领域\n（一）妇女与健康\n（二）妇女与教育\n二、组织实施\n";
    /// let ex = guihua::extract(text);
    /// let outline: Vec<(usize, &str)> =
    ///     ex.outline().map(|(depth, _, s)| (depth, ex.slice(s.title))).collect();
    /// assert_eq!(
    ///     outline,
    ///     [(0, "发展领域"), (1, "妇女与健康"), (1, "妇女与教育"), (0, "组织实施")]
    /// );
    /// ```
    pub fn outline(&self) -> impl Iterator<Item = (usize, SectionIdx, &Section)> {
        let mut depths: Vec<usize> = Vec::with_capacity(self.sections.len());
        self.sections.iter().enumerate().map(move |(i, s)| {
            let depth = s.parent.map_or(0, |p| depths[p.0 as usize] + 1);
            depths.push(depth);
            (depth, SectionIdx(i as u32), s)
        })
    }

    /// Every numbered item, in document order.
    pub fn items(&self) -> &[Item] {
        &self.items
    }

    /// Every indicator, in document order.
    ///
    /// ```
    /// let ex = guihua::extract("1.孕产妇死亡率下降到12/10万以下，婚前医学检查率达到90%。");
    /// let targets: Vec<&str> = ex
    ///     .indicators()
    ///     .iter()
    ///     .filter(|i| i.kind == guihua::Kind::Target)
    ///     .map(|i| ex.name(i))
    ///     .collect();
    /// assert_eq!(targets, ["孕产妇死亡率", "婚前医学检查率"]);
    /// ```
    pub fn indicators(&self) -> &[Indicator] {
        &self.indicators
    }

    /// Non-fatal findings, in document order.
    pub fn diagnostics(&self) -> &[Diagnostic] {
        &self.diagnostics
    }

    /// Adds a diagnostic found outside extraction (reading the input), in
    /// document order.
    #[cfg_attr(not(feature = "input"), allow(dead_code))]
    pub(crate) fn push_diagnostic(&mut self, d: Diagnostic) {
        let at = self.diagnostics.partition_point(|x| x.span.start <= d.span.start);
        self.diagnostics.insert(at, d);
    }

    /// The name of an indicator as text.
    pub fn name<'a>(&'a self, ind: &'a Indicator) -> &'a str {
        match &ind.name {
            Name::Span(s) => self.slice(*s),
            Name::Composed(s) => s,
        }
    }
}

#[cfg(test)]
mod tests {
    use std::collections::{BTreeMap, BTreeSet};
    use std::path::Path;

    /// The crate modules `code` names through `crate::`, `use crate::{…}`
    /// included.
    fn imports(code: &str) -> BTreeSet<String> {
        let ident = |s: &str| -> String {
            s.trim_start().chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '_').collect()
        };
        let mut out = BTreeSet::new();
        for (i, _) in code.match_indices("crate::") {
            let rest = &code[i + "crate::".len()..];
            let Some(list) = rest.strip_prefix('{') else {
                out.insert(ident(rest));
                continue;
            };
            // The first names of a `use crate::{a::b, c, d::{e}}` list.
            let (mut depth, mut at_name) = (0, true);
            for (j, c) in list.char_indices() {
                match c {
                    '{' => depth += 1,
                    '}' if depth == 0 => break,
                    '}' => depth -= 1,
                    ',' if depth == 0 => at_name = true,
                    c if at_name && !c.is_whitespace() => {
                        out.insert(ident(&list[j..]));
                        at_name = false;
                    }
                    _ => {}
                }
            }
        }
        out
    }

    /// The top-level modules and the modules each imports (unit tests and
    /// comments left out; the binary is not part of the library).
    fn module_graph() -> BTreeMap<String, BTreeSet<String>> {
        fn walk(dir: &Path, files: &mut Vec<std::path::PathBuf>) {
            for entry in std::fs::read_dir(dir).expect("src is readable") {
                let path = entry.expect("readable entry").path();
                if path.is_dir() {
                    if !path.ends_with("bin") {
                        walk(&path, files);
                    }
                } else if path.extension().is_some_and(|e| e == "rs") {
                    files.push(path);
                }
            }
        }
        let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        let mut files = Vec::new();
        walk(&src, &mut files);
        let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        for path in files {
            let rel = path.strip_prefix(&src).expect("under src");
            let top = rel.iter().next().expect("a file").to_string_lossy();
            let module = top.trim_end_matches(".rs").to_string();
            if module == "lib" {
                continue;
            }
            let text = std::fs::read_to_string(&path).expect("UTF-8 source");
            let code = text.split("#[cfg(test)]\nmod tests").next().unwrap_or("");
            let code: String = code
                .lines()
                .map(|l| l.split("//").next().unwrap_or(""))
                .collect::<Vec<_>>()
                .join("\n");
            graph.entry(module).or_default().extend(imports(&code));
        }
        let modules: BTreeSet<String> = graph.keys().cloned().collect();
        for (m, deps) in &mut graph {
            deps.retain(|d| d != m && modules.contains(d));
        }
        graph
    }

    #[test]
    fn imports_are_read() {
        let got = imports("use crate::model::{A, B};\nuse crate::{lexicon, span::{Span, X}};\nx(crate::chars::is_cjk)");
        let want: BTreeSet<String> = ["model", "lexicon", "span", "chars"].map(String::from).into();
        assert_eq!(got, want);
    }

    /// No module imports one that imports it back, directly or through
    /// others (ARCHITECTURE.md lists the order).
    #[test]
    fn modules_import_no_cycle() {
        let graph = module_graph();
        assert!(graph["model"].iter().all(|d| d == "span"), "{:?}", graph["model"]);
        assert!(graph["chars"].is_empty(), "{:?}", graph["chars"]);
        // Depth-first search; a module on the current path seen again is a cycle.
        fn visit<'g>(
            m: &'g str,
            graph: &'g BTreeMap<String, BTreeSet<String>>,
            path: &mut Vec<&'g str>,
            done: &mut BTreeSet<&'g str>,
        ) {
            if done.contains(m) {
                return;
            }
            assert!(!path.contains(&m), "import cycle: {} -> {m}", path.join(" -> "));
            path.push(m);
            for d in &graph[m] {
                visit(d, graph, path, done);
            }
            path.pop();
            done.insert(m);
        }
        let mut done = BTreeSet::new();
        for m in graph.keys() {
            visit(m, &graph, &mut Vec::new(), &mut done);
        }
    }
}
