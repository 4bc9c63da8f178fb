//! Path and query string encoding.

use std::borrow::Cow;
use std::fmt::{self, Display, Write as _};

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};

/// Every byte except the RFC 3986 "unreserved" characters
/// (`A-Z a-z 0-9 - . _ ~`) is percent-encoded.
const UNRESERVED: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// Percent-encodes one path segment (the value of a path parameter).
///
/// Everything except the RFC 3986 unreserved characters (`A-Z`, `a-z`,
/// `0-9`, `-`, `.`, `_`, `~`) is encoded as UTF-8 `%XX` triplets, so a value
/// can never change the shape of the path: `/`, `?`, `#`, `%` and spaces all
/// come out escaped (`"a/b?c#d e"` becomes `"a%2Fb%3Fc%23d%20e"`).
///
/// A value that is exactly `.` or `..` cannot be expressed as a path segment
/// at all (URL parsers treat it, encoded or not, as a relative reference);
/// the client refuses to send such a request rather than hit another path.
pub fn encode_path_segment(s: &str) -> String {
    utf8_percent_encode(s, UNRESERVED).to_string()
}

/// Writes `s` percent-encoded into `out` (query keys and values).
fn encode_component(out: &mut String, s: &str) {
    // `fmt::Write` for `String` never fails.
    let _ = write!(out, "{}", utf8_percent_encode(s, UNRESERVED));
}

/// The query parameters of one request, in order.
///
/// Names and values are stored unencoded; [`Query::to_query_string`]
/// percent-encodes each of them with the same rule as
/// [`encode_path_segment`]: everything except `A-Z a-z 0-9 - . _ ~` becomes a
/// UTF-8 `%XX` triplet. In particular a space is sent as `%20` (never `+`,
/// which some servers take literally). The items of a [`Query::push_csv`]
/// list are encoded one by one and joined with literal commas, as OpenAPI's
/// `style: form, explode: false` says (`opt_fields=name,email`); a comma inside
/// an item is sent as `%2C`, so it never splits the item.
#[derive(Default, Clone, Debug, PartialEq, Eq)]
pub struct Query {
    pairs: Vec<(String, Value)>,
}

/// One query value: a single value, or the items of a comma-separated list.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Value {
    One(String),
    List(Vec<String>),
}

impl Value {
    /// The value as the server sees it after decoding.
    fn joined(&self) -> Cow<'_, str> {
        match self {
            Value::One(value) => Cow::Borrowed(value),
            Value::List(items) => Cow::Owned(items.join(",")),
        }
    }
}

impl Query {
    /// An empty query.
    pub fn new() -> Self {
        Self::default()
    }

    /// Appends one `name=value` pair.
    pub fn push(&mut self, name: &str, value: &impl Display) {
        self.pairs
            .push((name.to_owned(), Value::One(value.to_string())));
    }

    /// Appends `name=value` if `value` is `Some`; does nothing for `None`.
    pub fn push_opt(&mut self, name: &str, value: Option<&impl Display>) {
        if let Some(value) = value {
            self.push(name, value);
        }
    }

    /// Appends a list as one comma-separated pair: `name=a,b,c`
    /// (OpenAPI `style: form, explode: false`).
    ///
    /// Nothing is appended for an empty list.
    pub fn push_csv(&mut self, name: &str, values: impl IntoIterator<Item = impl Display>) {
        let items: Vec<String> = values.into_iter().map(|value| value.to_string()).collect();
        if !items.is_empty() {
            self.pairs.push((name.to_owned(), Value::List(items)));
        }
    }

    /// Appends a list as one pair per item: `name=a&name=b&name=c`
    /// (OpenAPI `style: form, explode: true`).
    ///
    /// Nothing is appended for an empty list.
    pub fn push_each(&mut self, name: &str, values: impl IntoIterator<Item = impl Display>) {
        for value in values {
            self.push(name, &value);
        }
    }

    /// Like [`push_csv`](Self::push_csv), replacing any existing pairs named `name`.
    pub fn set_csv(&mut self, name: &str, values: impl IntoIterator<Item = impl Display>) {
        self.remove(name);
        self.push_csv(name, values);
    }

    /// Like [`push_each`](Self::push_each), replacing any existing pairs named `name`.
    pub fn set_each(&mut self, name: &str, values: impl IntoIterator<Item = impl Display>) {
        self.remove(name);
        self.push_each(name, values);
    }

    /// Sets `name` to `value`, replacing any existing pairs with that name.
    ///
    /// The first existing pair keeps its position and any others are removed;
    /// if there is none, the pair is appended.
    pub fn set(&mut self, name: &str, value: impl Display) {
        let value = Value::One(value.to_string());
        match self.pairs.iter().position(|(n, _)| n == name) {
            Some(first) => {
                self.pairs[first].1 = value;
                let mut index = 0;
                self.pairs.retain(|(n, _)| {
                    let keep = index <= first || n != name;
                    index += 1;
                    keep
                });
            }
            None => self.pairs.push((name.to_owned(), value)),
        }
    }

    /// Removes every pair named `name`.
    pub fn remove(&mut self, name: &str) {
        self.pairs.retain(|(n, _)| n != name);
    }

    /// The value of the first pair named `name`, if any, unencoded (a list's
    /// items joined with commas).
    pub fn get(&self, name: &str) -> Option<Cow<'_, str>> {
        self.pairs
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.joined())
    }

    /// The pairs, unencoded, in the order they will be sent.
    pub fn pairs(&self) -> impl Iterator<Item = (&str, Cow<'_, str>)> {
        self.pairs
            .iter()
            .map(|(name, value)| (name.as_str(), value.joined()))
    }

    /// The number of pairs.
    pub fn len(&self) -> usize {
        self.pairs.len()
    }

    /// Returns `true` if there are no pairs.
    pub fn is_empty(&self) -> bool {
        self.pairs.is_empty()
    }

    /// The encoded query string, without the leading `?`
    /// (for example `opt_fields=name,email&limit=50`).
    pub fn to_query_string(&self) -> String {
        let mut out = String::new();
        for (name, value) in &self.pairs {
            match value {
                Value::One(value) => append_pair(&mut out, name, value),
                Value::List(items) => {
                    append_pair(&mut out, name, "");
                    for (i, item) in items.iter().enumerate() {
                        if i > 0 {
                            out.push(',');
                        }
                        encode_component(&mut out, item);
                    }
                }
            }
        }
        out
    }
}

impl fmt::Display for Query {
    /// Formats the encoded query string, as [`Query::to_query_string`].
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_query_string())
    }
}

impl<N: Into<String>, V: Into<String>> FromIterator<(N, V)> for Query {
    fn from_iter<I: IntoIterator<Item = (N, V)>>(iter: I) -> Self {
        Self {
            pairs: iter
                .into_iter()
                .map(|(n, v)| (n.into(), Value::One(v.into())))
                .collect(),
        }
    }
}

/// Appends `name=value`, percent-encoded, to an encoded query string.
pub(crate) fn append_pair(out: &mut String, name: &str, value: &str) {
    if !out.is_empty() {
        out.push('&');
    }
    encode_component(out, name);
    out.push('=');
    encode_component(out, value);
}
