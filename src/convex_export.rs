//! Reading and writing Convex snapshot export ZIPs (`npx convex export`) as streams.
//!
//! Generic over `Read + Seek` / `Write + Seek` and free of `std::fs`, so the same code runs
//! natively and in WebAssembly. Entries are read one line at a time with a bounded line
//! length; the archive's entry count and entry sizes are bounded by the constants below.
//! Layout and value encoding: see `convex-export.md` in the project's reference notes.

pub mod id;
pub mod schema;
pub mod value;

use std::collections::{BTreeMap, HashMap, HashSet};
use std::io::{BufRead, BufReader, Read, Seek, Write};

use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipArchive, ZipWriter};

use crate::error::{Error, Result};

/// Most entries accepted in one ZIP. A Convex export has two per table plus one per stored
/// file; a hundred thousand is far above any real deployment and keeps the central
/// directory's memory small.
pub const MAX_ENTRIES: usize = 100_000;
/// Largest uncompressed entry accepted (64 GiB), so a forged size cannot make us loop for ever.
pub const MAX_ENTRY_BYTES: u64 = 64 << 30;
/// Largest `_tables/documents.jsonl` or `generated_schema.jsonl` read whole (16 MiB).
pub const MAX_SMALL_ENTRY_BYTES: u64 = 16 << 20;
/// Longest JSONL line read into memory (8 MiB). Convex caps a document at 1 MiB of values;
/// JSON escaping can at most multiply that by six, so a longer line cannot be a valid
/// document and is skipped (and reported) without being buffered.
pub const MAX_LINE_BYTES: usize = 8 << 20;
/// Convex's per-document limit (`MAX_USER_SIZE`, 1 MiB), compared with the JSON line length
/// as an approximation.
pub const MAX_DOCUMENT_BYTES: usize = 1 << 20;
/// Read buffer for decompressed entries.
const READ_BUFFER: usize = 256 << 10;

/// What an entry of the ZIP holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum EntryKind {
    /// `<table>/documents.jsonl` (the table `_tables` included).
    Documents,
    /// `<table>/generated_schema.jsonl`.
    GeneratedSchema,
    /// A `_storage` file.
    Storage,
    /// Anything else (README.md, …): ignored by import.
    Other,
}

/// One entry of the export, classified.
#[derive(Debug, Clone)]
pub struct Entry {
    /// Position in the ZIP's central directory.
    pub index: usize,
    /// The full path inside the ZIP.
    pub name: String,
    /// What it holds.
    pub kind: EntryKind,
    /// The component path (`""` for the app's root namespace, `"betterAuth"`, `"a/b"`).
    pub component: String,
    /// The table name (`"_tables"` for the table list); empty for other entries.
    pub table: String,
    /// Uncompressed size in bytes, as the central directory says.
    pub size: u64,
}

/// How a table's numbers are to be read (from its `generated_schema.jsonl`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ValueFormat {
    /// `"uniform"` (exports since March 2026): integers are int64, floats carry `.0`.
    Uniform,
    /// An older, shape-inferred schema line: not checked number by number.
    Legacy,
    /// No `generated_schema.jsonl`: every number is a float64.
    Absent,
}

/// Split an entry name into (kind, component path, table).
pub fn classify(name: &str) -> (EntryKind, String, String) {
    let parts: Vec<&str> = name.split('/').collect();
    let mut i = 0;
    let mut component: Vec<&str> = Vec::new();
    while parts.len() >= i + 3 && parts.get(i) == Some(&"_components") {
        if let Some(c) = parts.get(i + 1) {
            component.push(c);
        }
        i += 2;
    }
    let rest = parts.get(i..).unwrap_or(&[]);
    let component = component.join("/");
    match rest {
        ["_storage", ..] => (EntryKind::Storage, component, "_storage".into()),
        [table, "documents.jsonl"] if !table.is_empty() => {
            (EntryKind::Documents, component, (*table).into())
        }
        [table, "generated_schema.jsonl"] if !table.is_empty() => {
            (EntryKind::GeneratedSchema, component, (*table).into())
        }
        _ => (EntryKind::Other, component, String::new()),
    }
}

fn io_err(e: impl std::fmt::Display) -> Error {
    Error::ExportIo(e.to_string())
}

/// One line handed to a [`Export::for_each_line`] callback.
#[derive(Debug)]
pub enum Line<'a> {
    /// A line (without its `\n`).
    Text(&'a [u8]),
    /// A line longer than [`MAX_LINE_BYTES`]; its length in bytes. It was skipped.
    TooLong(u64),
}

/// An open export.
pub struct Export<R: Read + Seek> {
    archive: ZipArchive<R>,
    entries: Vec<Entry>,
    /// Entry → index in `entries`, by (kind, component, table): lookups stay O(1) at
    /// [`MAX_ENTRIES`] entries. The first entry of a key wins, as `find` always did.
    index: HashMap<(EntryKind, String, String), usize>,
    /// Component paths with a documents entry, in ZIP order.
    components: Vec<String>,
    duplicate_names: bool,
}

impl<R: Read + Seek> Export<R> {
    /// Open a ZIP and classify its entries (the central directory only; no data is read).
    pub fn open(reader: R) -> Result<Self> {
        let mut archive = ZipArchive::new(reader).map_err(io_err)?;
        if archive.len() > MAX_ENTRIES {
            return Err(Error::ExportInvalid(format!(
                "{} entries, more than the limit of {MAX_ENTRIES}",
                archive.len()
            )));
        }
        let mut entries = Vec::with_capacity(archive.len());
        for index in 0..archive.len() {
            let f = archive.by_index_raw(index).map_err(io_err)?;
            let name = f.name().map_err(io_err)?.into_owned();
            let size = f.size();
            if size > MAX_ENTRY_BYTES {
                return Err(Error::ExportInvalid(format!(
                    "entry {name} is {size} bytes, more than the limit of {MAX_ENTRY_BYTES}"
                )));
            }
            let (kind, component, table) = classify(&name);
            entries.push(Entry {
                index,
                name,
                kind,
                component,
                table,
                size,
            });
        }
        let mut index = HashMap::with_capacity(entries.len());
        let mut components = Vec::new();
        let mut seen_components = HashSet::new();
        for (i, e) in entries.iter().enumerate() {
            index
                .entry((e.kind, e.component.clone(), e.table.clone()))
                .or_insert(i);
            if e.kind == EntryKind::Documents && seen_components.insert(e.component.clone()) {
                components.push(e.component.clone());
            }
        }
        // The ZIP reader keeps one entry per name (the last); the central directory may hold
        // more (an archive appended to by Python's `zipfile` repeats names). Every copy but
        // one would be invisible here and lost by a rewrite.
        let duplicate_names = archive.has_duplicate_names();
        Ok(Export {
            archive,
            entries,
            index,
            components,
            duplicate_names,
        })
    }

    /// True when the central directory lists some entry name more than once (only one copy
    /// of each is readable; `doctor` reports IMPORT_DUPLICATE_ENTRY and `fix` refuses).
    pub fn has_duplicate_names(&self) -> bool {
        self.duplicate_names
    }

    /// [`Error::FixAmbiguous`] when the central directory repeats a name: nothing that writes
    /// a new ZIP from this one may run, as it would keep one copy and drop the others.
    pub fn check_unique_names(&self) -> Result<()> {
        if self.duplicate_names {
            return Err(Error::FixAmbiguous(
                "the ZIP's central directory lists an entry name more than once \
                 (IMPORT_DUPLICATE_ENTRY): only one copy of each is readable, so a rewrite \
                 would lose the others; rebuild the ZIP with one entry per name first"
                    .into(),
            ));
        }
        Ok(())
    }

    /// All entries, in ZIP order.
    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }

    /// The index (into [`Export::entries`]) of an entry.
    pub fn find(&self, kind: EntryKind, component: &str, table: &str) -> Option<usize> {
        self.index
            .get(&(kind, component.to_owned(), table.to_owned()))
            .copied()
    }

    /// The component paths present (root `""` included if it has any table).
    pub fn components(&self) -> Vec<String> {
        self.components.clone()
    }

    /// Read a small entry whole (at most [`MAX_SMALL_ENTRY_BYTES`]).
    pub fn read_small(&mut self, entry: usize) -> Result<Vec<u8>> {
        let idx = self
            .entries
            .get(entry)
            .map(|e| e.index)
            .ok_or_else(|| Error::ExportInvalid("no such entry".into()))?;
        let f = self.archive.by_index(idx).map_err(io_err)?;
        let mut out = Vec::new();
        f.take(MAX_SMALL_ENTRY_BYTES + 1)
            .read_to_end(&mut out)
            .map_err(io_err)?;
        if out.len() as u64 > MAX_SMALL_ENTRY_BYTES {
            return Err(Error::ExportInvalid(format!(
                "entry is larger than {MAX_SMALL_ENTRY_BYTES} bytes"
            )));
        }
        Ok(out)
    }

    /// The `{name → number}` list of a namespace's `_tables/documents.jsonl`, if present.
    /// Lines that are not `{"name": string, "id": integer}` are returned in the error list.
    pub fn table_numbers(&mut self, component: &str) -> Result<Option<TableNumbers>> {
        let Some(e) = self.find(EntryKind::Documents, component, "_tables") else {
            return Ok(None);
        };
        let data = self.read_small(e)?;
        let mut t = TableNumbers::default();
        for (n, line) in data.split(|&b| b == b'\n').enumerate() {
            if line.iter().all(|b| b.is_ascii_whitespace()) {
                continue;
            }
            let doc = value::Doc::parse(line);
            let name = doc.as_ref().and_then(|d| d.str("name")).map(str::to_owned);
            let num = doc.as_ref().and_then(|d| match d.get("id") {
                Some(value::Val::Int(i)) => u32::try_from(*i).ok(),
                Some(value::Val::Float(f)) if f.fract() == 0.0 && *f >= 1.0 && *f < 4e9 => {
                    Some(*f as u32)
                }
                _ => None,
            });
            match (name, num) {
                (Some(name), Some(num)) if num != 0 => t.entries.push((name, num)),
                _ => t.bad_lines.push(n as u64 + 1),
            }
        }
        Ok(Some(t))
    }

    /// The value format of a table, from its `generated_schema.jsonl`.
    pub fn value_format(&mut self, component: &str, table: &str) -> Result<ValueFormat> {
        let Some(e) = self.find(EntryKind::GeneratedSchema, component, table) else {
            return Ok(ValueFormat::Absent);
        };
        let data = self.read_small(e)?;
        let first = data.split(|&b| b == b'\n').next().unwrap_or(&[]);
        Ok(match serde_json::from_slice::<String>(first) {
            Ok(s) if s == "uniform" => ValueFormat::Uniform,
            _ => ValueFormat::Legacy,
        })
    }

    /// Stream an entry line by line. `progress` receives the number of bytes consumed since
    /// its last call (about once per read buffer).
    pub fn for_each_line(
        &mut self,
        entry: usize,
        mut f: impl FnMut(u64, Line<'_>) -> Result<()>,
        progress: &mut dyn FnMut(u64),
    ) -> Result<()> {
        let idx = self
            .entries
            .get(entry)
            .map(|e| e.index)
            .ok_or_else(|| Error::ExportInvalid("no such entry".into()))?;
        let file = self.archive.by_index(idx).map_err(io_err)?;
        let mut reader = BufReader::with_capacity(READ_BUFFER, file);
        let mut line = Vec::with_capacity(4096);
        let mut line_no = 0u64;
        let mut pending = 0u64;
        loop {
            line.clear();
            let n = (&mut reader)
                .take(MAX_LINE_BYTES as u64 + 1)
                .read_until(b'\n', &mut line)
                .map_err(io_err)?;
            if n == 0 {
                break;
            }
            line_no += 1;
            pending += n as u64;
            if line.last() == Some(&b'\n') {
                line.pop();
                if line.last() == Some(&b'\r') {
                    line.pop();
                }
                f(line_no, Line::Text(&line))?;
            } else if n > MAX_LINE_BYTES {
                // Skip the rest of the over-long line without buffering it.
                let mut skipped = n as u64;
                loop {
                    let buf = reader.fill_buf().map_err(io_err)?;
                    if buf.is_empty() {
                        break;
                    }
                    match buf.iter().position(|&b| b == b'\n') {
                        Some(p) => {
                            reader.consume(p + 1);
                            skipped += p as u64 + 1;
                            break;
                        }
                        None => {
                            let l = buf.len();
                            reader.consume(l);
                            skipped += l as u64;
                        }
                    }
                }
                pending += skipped - n as u64;
                f(line_no, Line::TooLong(skipped))?;
            } else {
                // Last line without a trailing newline.
                f(line_no, Line::Text(&line))?;
            }
            if pending >= READ_BUFFER as u64 {
                progress(pending);
                pending = 0;
            }
        }
        progress(pending);
        Ok(())
    }

    /// Total uncompressed size of the entries (for progress bars).
    pub fn total_size(&self) -> u64 {
        self.entries.iter().map(|e| e.size).sum()
    }
}

/// A namespace's `_tables/documents.jsonl`.
#[derive(Debug, Clone, Default)]
pub struct TableNumbers {
    /// `(name, number)` in file order.
    pub entries: Vec<(String, u32)>,
    /// 1-based numbers of lines that are not `{"name","id"}` objects.
    pub bad_lines: Vec<u64>,
    /// name → number of its first line, built by [`TableNumbers::get`] on first use.
    by_name: std::sync::OnceLock<HashMap<String, u32>>,
}

impl TableNumbers {
    /// The number of `table`, if listed (the first line naming it). O(1) after the first call.
    pub fn get(&self, table: &str) -> Option<u32> {
        self.by_name
            .get_or_init(|| {
                let mut m = HashMap::with_capacity(self.entries.len());
                for (n, id) in &self.entries {
                    m.entry(n.clone()).or_insert(*id);
                }
                m
            })
            .get(table)
            .copied()
    }
}

/// Changes to one `documents.jsonl` entry, applied by [`rewrite`].
#[derive(Debug, Clone, Default)]
pub struct TableEdit {
    /// Drop every existing line (the entry stays, so `_tables` and import agree).
    pub drop_all: bool,
    /// `_id`s of lines to drop.
    pub delete: HashSet<String>,
    /// `_id` → replacement line (without newline).
    pub replace: HashMap<String, Vec<u8>>,
    /// Lines to add at the end (without newline).
    pub append: Vec<Vec<u8>>,
}

/// Write-side compression options for new or rewritten entries: Deflate, mode 0644, as Convex
/// writes them.
pub fn entry_options(level: Option<i64>, large: bool) -> SimpleFileOptions {
    // Deflate takes levels 1-9; level 0 means no compression, which is the Stored method.
    let (method, level) = match level {
        Some(0) => (CompressionMethod::Stored, None),
        other => (CompressionMethod::Deflated, other),
    };
    SimpleFileOptions::default()
        .compression_method(method)
        .compression_level(level)
        .unix_permissions(0o644)
        .large_file(large)
}

/// Copy `export` to `out`, applying `edits` (keyed by entry name). Entries without an edit are
/// copied byte for byte, still compressed. An edit for an entry that does not exist creates it
/// (after the others). Returns the writer.
pub fn rewrite<R: Read + Seek, W: Write + Seek>(
    export: &mut Export<R>,
    out: W,
    edits: &BTreeMap<String, TableEdit>,
) -> Result<W> {
    export.check_unique_names()?;
    let mut zw = ZipWriter::new(out);
    let mut done: HashSet<&str> = HashSet::new();
    let entries = export.entries.clone();
    for e in &entries {
        match edits.get(&e.name) {
            None => {
                let f = export.archive.by_index_raw(e.index).map_err(io_err)?;
                zw.raw_copy_file(f).map_err(io_err)?;
            }
            Some(edit) => {
                done.insert(e.name.as_str());
                zw.start_file(e.name.as_str(), entry_options(None, e.size > (2 << 30)))
                    .map_err(io_err)?;
                let mut first_err: Option<Error> = None;
                export.for_each_line(
                    export
                        .entries
                        .iter()
                        .position(|x| x.index == e.index)
                        .unwrap_or(usize::MAX),
                    |_, line| {
                        let Line::Text(text) = line else {
                            return Err(Error::ExportInvalid(format!(
                                "{}: a line is longer than {MAX_LINE_BYTES} bytes",
                                e.name
                            )));
                        };
                        if edit.drop_all || text.is_empty() {
                            return Ok(());
                        }
                        let id =
                            value::Doc::parse(text).and_then(|d| d.str("_id").map(str::to_owned));
                        let write = |zw: &mut ZipWriter<W>, bytes: &[u8]| -> Result<()> {
                            zw.write_all(bytes).map_err(io_err)?;
                            zw.write_all(b"\n").map_err(io_err)
                        };
                        let r = match id {
                            Some(id) if edit.delete.contains(&id) => Ok(()),
                            Some(id) => match edit.replace.get(&id) {
                                Some(new) => write(&mut zw, new),
                                None => write(&mut zw, text),
                            },
                            None => write(&mut zw, text),
                        };
                        if let Err(err) = r {
                            first_err.get_or_insert(err);
                        }
                        Ok(())
                    },
                    &mut |_| {},
                )?;
                if let Some(err) = first_err {
                    return Err(err);
                }
                for line in &edit.append {
                    zw.write_all(line).map_err(io_err)?;
                    zw.write_all(b"\n").map_err(io_err)?;
                }
            }
        }
    }
    for (name, edit) in edits {
        if done.contains(name.as_str()) {
            continue;
        }
        zw.start_file(name.as_str(), entry_options(None, false))
            .map_err(io_err)?;
        for line in &edit.append {
            zw.write_all(line).map_err(io_err)?;
            zw.write_all(b"\n").map_err(io_err)?;
        }
    }
    zw.finish().map_err(io_err)
}
