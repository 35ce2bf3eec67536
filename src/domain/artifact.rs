//! What an artifact shows, by its type, made safe to render as text: markdown (and links,
//! which Prefect stores as markdown) through the text-node markdown renderer, tables as
//! rows of cells, progress as a clamped percentage, images only from http(s) addresses,
//! anything else as its JSON. Pure.

use crate::schemas::Artifact;
use serde_json::Value;

/// An artifact's body as the page renders it.
#[derive(Clone, Debug, PartialEq)]
pub enum Body {
    Markdown(String),
    /// The first `MAX_TABLE_ROWS` rows and `MAX_TABLE_COLUMNS` columns, and how many more
    /// of each there are (counted, never built).
    Table {
        columns: Vec<String>,
        rows: Vec<Vec<String>>,
        more_rows: usize,
        more_columns: usize,
    },
    /// Percent done, within 0-100.
    Progress(f64),
    /// An http(s) image address (linked, not loaded: the CSP allows images from this origin).
    Image(String),
    /// An image whose address is not http(s): shown as text, never loaded.
    UnsafeImage(String),
    /// Anything else, as (pretty) JSON text.
    Raw(String),
}

/// The longest table the page renders; the rest is counted, not shown.
pub const MAX_TABLE_ROWS: usize = 500;
/// The widest: a table whose rows all have different keys has as many columns as cells.
pub const MAX_TABLE_COLUMNS: usize = 50;
/// The most characters of one cell shown; the rest is cut with "…".
pub const MAX_CELL_CHARS: usize = 2_000;

/// A cell's text: strings as they are, null as empty, anything else as JSON; cut at
/// `MAX_CELL_CHARS`.
fn cell(value: &Value) -> String {
    let text = match value {
        Value::String(s) => s.clone(),
        Value::Null => String::new(),
        other => other.to_string(),
    };
    match text.char_indices().nth(MAX_CELL_CHARS) {
        Some((at, _)) => format!("{}…", &text[..at]),
        None => text,
    }
}

/// A table of the first rows and columns out of `height` x `width`.
fn capped(columns: Vec<String>, width: usize, rows: Vec<Vec<String>>, height: usize) -> Body {
    Body::Table {
        more_columns: width.saturating_sub(columns.len()),
        more_rows: height.saturating_sub(rows.len()),
        columns,
        rows,
    }
}

/// Prefect stores a table as a JSON string (or, from older clients, JSON itself) of a list
/// of rows (objects, or lists), or an object of columns. Work is one pass over the keys to
/// count the columns, then only the cells shown.
fn table(data: &Value) -> Option<Body> {
    let parsed;
    let data = match data {
        Value::String(s) => {
            parsed = serde_json::from_str::<Value>(s).ok()?;
            &parsed
        }
        other => other,
    };
    match data {
        Value::Array(rows) if rows.iter().all(Value::is_object) => {
            let mut seen = std::collections::HashSet::new();
            let mut columns: Vec<String> = Vec::new();
            for row in rows.iter().filter_map(Value::as_object) {
                for key in row.keys() {
                    if seen.insert(key.as_str()) && columns.len() < MAX_TABLE_COLUMNS {
                        columns.push(key.clone());
                    }
                }
            }
            let shown = rows
                .iter()
                .filter_map(Value::as_object)
                .take(MAX_TABLE_ROWS)
                .map(|row| {
                    columns
                        .iter()
                        .map(|c| row.get(c).map(cell).unwrap_or_default())
                        .collect()
                })
                .collect();
            Some(capped(columns, seen.len(), shown, rows.len()))
        }
        Value::Array(rows) if rows.iter().all(Value::is_array) => {
            let width = rows
                .iter()
                .filter_map(Value::as_array)
                .map(Vec::len)
                .max()
                .unwrap_or(0);
            let shown_width = width.min(MAX_TABLE_COLUMNS);
            let shown = rows
                .iter()
                .filter_map(Value::as_array)
                .take(MAX_TABLE_ROWS)
                .map(|row| {
                    (0..shown_width)
                        .map(|i| row.get(i).map(cell).unwrap_or_default())
                        .collect()
                })
                .collect();
            let columns = (1..=shown_width).map(|i| i.to_string()).collect();
            Some(capped(columns, width, shown, rows.len()))
        }
        Value::Object(columns) if columns.values().all(Value::is_array) => {
            let height = columns
                .values()
                .filter_map(Value::as_array)
                .map(Vec::len)
                .max()
                .unwrap_or(0);
            let kept: Vec<(&String, &Value)> = columns.iter().take(MAX_TABLE_COLUMNS).collect();
            let shown = (0..height.min(MAX_TABLE_ROWS))
                .map(|i| {
                    kept.iter()
                        .map(|(_, col)| col.get(i).map(cell).unwrap_or_default())
                        .collect()
                })
                .collect();
            let names = kept.iter().map(|(name, _)| (*name).clone()).collect();
            Some(capped(names, columns.len(), shown, height))
        }
        _ => None,
    }
}

fn raw(data: &Value) -> Body {
    Body::Raw(match data {
        Value::String(s) => s.clone(),
        other => super::format::pretty_json(other),
    })
}

/// What `artifact` shows. A body that does not have its type's shape shows as raw text.
pub fn body(artifact: &Artifact) -> Body {
    let data = &artifact.data;
    match artifact.kind.as_deref().unwrap_or_default() {
        "markdown" | "link" => match data {
            Value::String(s) => Body::Markdown(s.clone()),
            other => raw(other),
        },
        "table" => table(data).unwrap_or_else(|| raw(data)),
        "progress" => match data.as_f64() {
            Some(p) if p.is_finite() => Body::Progress(p.clamp(0.0, 100.0)),
            _ => raw(data),
        },
        "image" => match data.as_str() {
            Some(url) if is_http(url) => Body::Image(url.trim().to_string()),
            Some(url) => Body::UnsafeImage(url.to_string()),
            None => raw(data),
        },
        _ => raw(data),
    }
}

fn is_http(url: &str) -> bool {
    let lower = url.trim().to_ascii_lowercase();
    lower.starts_with("https://") || lower.starts_with("http://")
}

/// The artifact types Prefect makes, for the list's type filter.
pub const KINDS: [&str; 6] = ["markdown", "table", "link", "progress", "image", "result"];

/// The artifacts list's URL state: key search (`q`), type (`type`) and page (`page`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ArtifactsQuery {
    pub key: String,
    /// One of `KINDS`; anything else is no filter.
    pub kind: Option<String>,
    /// 1-based; 0 is read as 1.
    pub page: u32,
}

impl ArtifactsQuery {
    pub fn from_pairs<'a>(get: impl Fn(&str) -> Option<&'a str>) -> ArtifactsQuery {
        ArtifactsQuery {
            key: get("q")
                .map(str::trim)
                .unwrap_or_default()
                .chars()
                .take(200)
                .collect(),
            kind: get("type")
                .map(str::trim)
                .filter(|k| KINDS.contains(k))
                .map(str::to_string),
            page: get("page")
                .and_then(|p| p.trim().parse::<u32>().ok())
                .unwrap_or(1)
                .max(1),
        }
    }

    /// `?q=..&type=..&page=..`, empty at the defaults.
    pub fn to_query_string(&self) -> String {
        let mut pairs = Vec::new();
        if !self.key.is_empty() {
            pairs.push(("q", self.key.clone()));
        }
        if let Some(kind) = &self.kind {
            pairs.push(("type", kind.clone()));
        }
        if self.page > 1 {
            pairs.push(("page", self.page.to_string()));
        }
        crate::url::query_string(&pairs)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn artifact(kind: &str, data: Value) -> Artifact {
        serde_json::from_value(json!({"type": kind, "data": data})).expect("artifact")
    }

    fn table_of(columns: &[&str], rows: &[&[&str]]) -> Body {
        Body::Table {
            columns: columns.iter().map(|c| c.to_string()).collect(),
            rows: rows
                .iter()
                .map(|r| r.iter().map(|c| c.to_string()).collect())
                .collect(),
            more_rows: 0,
            more_columns: 0,
        }
    }

    #[test]
    fn a_sparse_table_builds_only_what_is_shown() {
        // 20,000 rows, each with its own key: 20,000 columns if built whole (400 million
        // cells); the first 50 columns and 500 rows are built, the rest counted.
        let rows: Vec<Value> = (0..20_000).map(|i| json!({format!("k{i}"): i})).collect();
        let Body::Table {
            columns,
            rows,
            more_rows,
            more_columns,
        } = body(&artifact("table", Value::Array(rows)))
        else {
            panic!("a table")
        };
        assert_eq!(
            (columns.len(), more_columns),
            (MAX_TABLE_COLUMNS, 20_000 - 50)
        );
        assert_eq!((rows.len(), more_rows), (MAX_TABLE_ROWS, 20_000 - 500));
        assert_eq!(rows[0][0], "0");
        assert!(rows.iter().all(|r| r.len() == MAX_TABLE_COLUMNS));
        // Wide list rows and wide column objects are cut the same way; long cells too.
        let wide = json!([vec![1; 5_000]]);
        let Body::Table { more_columns, .. } = body(&artifact("table", wide)) else {
            panic!("a table")
        };
        assert_eq!(more_columns, 5_000 - 50);
        let long = json!([{"a": "x".repeat(1_000_000)}]);
        let Body::Table { rows, .. } = body(&artifact("table", long)) else {
            panic!("a table")
        };
        assert_eq!(rows[0][0].chars().count(), MAX_CELL_CHARS + 1);
    }

    #[test]
    fn tables_of_every_shape() {
        let rows = json!([{"metric": "total", "value": 15}, {"value": null, "extra": true}]);
        let expected = table_of(
            &["metric", "value", "extra"],
            &[&["total", "15", ""], &["", "", "true"]],
        );
        assert_eq!(body(&artifact("table", json!(rows.to_string()))), expected);
        assert_eq!(body(&artifact("table", rows)), expected, "JSON itself too");
        assert_eq!(
            body(&artifact("table", json!({"a": [1, 2], "b": ["x"]}))),
            table_of(&["a", "b"], &[&["1", "x"], &["2", ""]])
        );
        assert_eq!(
            body(&artifact("table", json!("[[1, \"two\"], [3]]"))),
            table_of(&["1", "2"], &[&["1", "two"], &["3", ""]])
        );
        assert_eq!(
            body(&artifact("table", json!("not json"))),
            Body::Raw("not json".into())
        );
        assert_eq!(
            body(&artifact("table", json!([1, {"a": 1}]))),
            Body::Raw("[\n  1,\n  {\n    \"a\": 1\n  }\n]".into())
        );
    }

    #[test]
    fn markdown_links_progress_and_images() {
        assert_eq!(
            body(&artifact("markdown", json!("# Report <script>"))),
            Body::Markdown("# Report <script>".into()),
            "kept as source: the markdown renderer makes text nodes of it"
        );
        assert_eq!(
            body(&artifact("link", json!("[docs](https://x)"))),
            Body::Markdown("[docs](https://x)".into())
        );
        assert_eq!(
            body(&artifact("progress", json!(42.5))),
            Body::Progress(42.5)
        );
        assert_eq!(
            body(&artifact("progress", json!(1e9))),
            Body::Progress(100.0)
        );
        assert_eq!(body(&artifact("progress", json!(-3))), Body::Progress(0.0));
        assert_eq!(
            body(&artifact("progress", json!("half"))),
            Body::Raw("half".into())
        );
        assert_eq!(
            body(&artifact("image", json!(" https://img/x.png "))),
            Body::Image("https://img/x.png".into())
        );
        assert_eq!(
            body(&artifact("image", json!("javascript:alert(1)"))),
            Body::UnsafeImage("javascript:alert(1)".into())
        );
        assert_eq!(
            body(&artifact("result", json!({"storage_key": "k"}))),
            Body::Raw("{\n  \"storage_key\": \"k\"\n}".into())
        );
    }

    #[test]
    fn the_list_query_round_trips_and_falls_back() {
        let pairs = [("q", " daily "), ("type", "table"), ("page", "3")];
        let get = |k: &str| pairs.iter().find(|(n, _)| *n == k).map(|(_, v)| *v);
        let q = ArtifactsQuery::from_pairs(get);
        assert_eq!(
            q,
            ArtifactsQuery {
                key: "daily".into(),
                kind: Some("table".into()),
                page: 3
            }
        );
        assert_eq!(q.to_query_string(), "?q=daily&type=table&page=3");
        let bad = [("type", "<script>"), ("page", "99999999999")];
        let get = |k: &str| bad.iter().find(|(n, _)| *n == k).map(|(_, v)| *v);
        let q = ArtifactsQuery::from_pairs(get);
        assert_eq!(q.kind, None);
        assert_eq!(q.page, 1);
        assert_eq!(q.to_query_string(), "");
    }
}
