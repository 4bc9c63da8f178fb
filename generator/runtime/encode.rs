//! Parameter serialisation: path segments, query strings, header values and
//! cookies, in the styles of OpenAPI 3.0.

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
/// an item is sent as `%2C`, so it never splits the item. The delimiters of
/// the other styles (`Query::set_styled`, with the `runtime-styles` feature)
/// are literal too: `|` for `pipeDelimited`, `%20` for `spaceDelimited`, and
/// the brackets of `deepObject` names (`filter[name]=x`).
#[derive(Default, Clone, Debug, PartialEq, Eq)]
pub struct Query {
    pairs: Vec<Pair>,
}

/// One `name=value` pair and the parameter it belongs to.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Pair {
    /// The parameter that set it: an exploded object sets pairs named by its
    /// fields, and setting the parameter again replaces them all.
    param: String,
    /// The name, then the bracketed segments of a `deepObject` name
    /// (`["filter", "name"]` for `filter[name]`; `""` stands for `[]`).
    name: Vec<String>,
    value: Value,
}

impl Pair {
    fn plain(name: &str, value: Value) -> Self {
        Self {
            param: name.to_owned(),
            name: vec![name.to_owned()],
            value,
        }
    }

    /// The name as the server sees it after decoding (`filter[name]`).
    fn full_name(&self) -> Cow<'_, str> {
        match self.name.as_slice() {
            [only] => Cow::Borrowed(only),
            [first, rest @ ..] => {
                let mut name = first.clone();
                for segment in rest {
                    name.push('[');
                    name.push_str(segment);
                    name.push(']');
                }
                Cow::Owned(name)
            }
            [] => Cow::Borrowed(""),
        }
    }
}

/// One query value: a single value, or the items of a delimited list.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Value {
    One(String),
    List(Vec<String>, Delimiter),
}

/// What separates the items of a list in one query value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Delimiter {
    Comma,
    #[cfg(feature = "runtime-styles")]
    Space,
    #[cfg(feature = "runtime-styles")]
    Pipe,
}

impl Delimiter {
    /// As sent on the wire.
    fn encoded(self) -> &'static str {
        match self {
            Delimiter::Comma => ",",
            #[cfg(feature = "runtime-styles")]
            Delimiter::Space => "%20",
            #[cfg(feature = "runtime-styles")]
            Delimiter::Pipe => "|",
        }
    }

    /// As the server sees it after decoding.
    fn decoded(self) -> &'static str {
        match self {
            Delimiter::Comma => ",",
            #[cfg(feature = "runtime-styles")]
            Delimiter::Space => " ",
            #[cfg(feature = "runtime-styles")]
            Delimiter::Pipe => "|",
        }
    }
}

impl Value {
    /// The value as the server sees it after decoding.
    fn joined(&self) -> Cow<'_, str> {
        match self {
            Value::One(value) => Cow::Borrowed(value),
            Value::List(items, delimiter) => Cow::Owned(items.join(delimiter.decoded())),
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
            .push(Pair::plain(name, Value::One(value.to_string())));
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
        self.push_list(name, name, items, Delimiter::Comma);
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

    /// Sets the parameter `name` to `value` serialised in `style`, replacing
    /// whatever the parameter set before, as OpenAPI 3.0's style table says
    /// (for `color` = `blue`, `[blue, black]` or `{R: 100, G: 200}`):
    ///
    /// | style | explode | primitive | array | object |
    /// | --- | --- | --- | --- | --- |
    /// | `form` | false | `color=blue` | `color=blue,black` | `color=R,100,G,200` |
    /// | `form` | true | `color=blue` | `color=blue&color=black` | `R=100&G=200` |
    /// | `spaceDelimited` | false | `color=blue` | `color=blue%20black` | `color=R%20100%20G%20200` |
    /// | `pipeDelimited` | false | `color=blue` | `color=blue\|black` | `color=R\|100\|G\|200` |
    /// | `deepObject` | true | `color=blue` | `color[]=blue&color[]=black` | `color[R]=100&color[G]=200` |
    ///
    /// `spaceDelimited` and `pipeDelimited` with `explode: true` are `form`'s.
    /// An empty array or object sends nothing. Beyond the table, `deepObject`
    /// nests (`color[a][b]=1`, arrays as `color[a][]=1`); in the other styles a
    /// nested array or object is sent as its items joined by commas (literal
    /// ones when exploded: `color=1,2&color=3,4`).
    #[cfg(feature = "runtime-styles")]
    pub fn set_styled(&mut self, name: &str, style: QueryStyle, explode: bool, value: &ParamValue) {
        self.remove(name);
        let delimiter = match style {
            QueryStyle::Form => Delimiter::Comma,
            QueryStyle::SpaceDelimited => Delimiter::Space,
            QueryStyle::PipeDelimited => Delimiter::Pipe,
            QueryStyle::DeepObject => {
                self.push_deep(name, vec![name.to_owned()], value);
                return;
            }
        };
        match value {
            ParamValue::Primitive(value) => self.push(name, value),
            ParamValue::Array(items) if explode => {
                for item in items {
                    self.pairs.push(Pair::plain(name, item.nested()));
                }
            }
            ParamValue::Array(items) => {
                let items = items.iter().map(ParamValue::text).collect();
                self.push_list(name, name, items, delimiter);
            }
            ParamValue::Object(fields) if explode => {
                for (field, value) in fields {
                    self.pairs.push(Pair {
                        param: name.to_owned(),
                        name: vec![field.clone()],
                        value: value.nested(),
                    });
                }
            }
            ParamValue::Object(fields) => {
                let items = fields
                    .iter()
                    .flat_map(|(field, value)| [field.clone(), value.text()])
                    .collect();
                self.push_list(name, name, items, delimiter);
            }
        }
    }

    /// The pairs of a `deepObject` value under the name segments `name`.
    #[cfg(feature = "runtime-styles")]
    fn push_deep(&mut self, param: &str, name: Vec<String>, value: &ParamValue) {
        match value {
            ParamValue::Primitive(value) => self.pairs.push(Pair {
                param: param.to_owned(),
                name,
                value: Value::One(value.clone()),
            }),
            ParamValue::Array(items) => {
                let mut name = name;
                name.push(String::new());
                for item in items {
                    self.push_deep(param, name.clone(), item);
                }
            }
            ParamValue::Object(fields) => {
                for (field, value) in fields {
                    let mut name = name.clone();
                    name.push(field.clone());
                    self.push_deep(param, name, value);
                }
            }
        }
    }

    fn push_list(&mut self, param: &str, name: &str, items: Vec<String>, delimiter: Delimiter) {
        if !items.is_empty() {
            self.pairs.push(Pair {
                param: param.to_owned(),
                name: vec![name.to_owned()],
                value: Value::List(items, delimiter),
            });
        }
    }

    /// Sets `name` to `value`, replacing any existing pairs with that name.
    ///
    /// The first existing pair keeps its position and any others are removed;
    /// if there is none, the pair is appended.
    pub fn set(&mut self, name: &str, value: impl Display) {
        let pair = Pair::plain(name, Value::One(value.to_string()));
        match self.pairs.iter().position(|p| p.param == name) {
            Some(first) => {
                self.pairs[first] = pair;
                let mut index = 0;
                self.pairs.retain(|p| {
                    let keep = index <= first || p.param != name;
                    index += 1;
                    keep
                });
            }
            None => self.pairs.push(pair),
        }
    }

    /// Removes every pair the parameter `name` set.
    pub fn remove(&mut self, name: &str) {
        self.pairs.retain(|p| p.param != name);
    }

    /// The value of the first pair named `name` (`filter[id]` for a
    /// `deepObject` field), if any, unencoded (a list's items joined with its
    /// delimiter).
    pub fn get(&self, name: &str) -> Option<Cow<'_, str>> {
        self.pairs
            .iter()
            .find(|p| p.full_name() == name)
            .map(|p| p.value.joined())
    }

    /// The pairs, unencoded, in the order they will be sent.
    pub fn pairs(&self) -> impl Iterator<Item = (Cow<'_, str>, Cow<'_, str>)> {
        self.pairs.iter().map(|p| (p.full_name(), p.value.joined()))
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
        for pair in &self.pairs {
            if !out.is_empty() {
                out.push('&');
            }
            if let [first, rest @ ..] = pair.name.as_slice() {
                encode_component(&mut out, first);
                for segment in rest {
                    out.push('[');
                    encode_component(&mut out, segment);
                    out.push(']');
                }
            }
            out.push('=');
            match &pair.value {
                Value::One(value) => encode_component(&mut out, value),
                Value::List(items, delimiter) => {
                    for (i, item) in items.iter().enumerate() {
                        if i > 0 {
                            out.push_str(delimiter.encoded());
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
                .map(|(n, v)| Pair::plain(&n.into(), Value::One(v.into())))
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

#[cfg(feature = "runtime-styles")]
impl From<serde_json::Value> for ParamValue {
    /// Any JSON value: strings as they are, numbers and booleans as JSON
    /// writes them, arrays and objects item by item (`null`s left out); a
    /// `null` alone is the empty string.
    fn from(value: serde_json::Value) -> Self {
        Self::from_json(value).unwrap_or(Self::Primitive(String::new()))
    }
}

/// The `style` of a query parameter.
#[cfg(feature = "runtime-styles")]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum QueryStyle {
    /// `form` (the default): `color=blue,black` or `color=blue&color=black`.
    Form,
    /// `spaceDelimited`: `color=blue%20black`.
    SpaceDelimited,
    /// `pipeDelimited`: `color=blue|black`.
    PipeDelimited,
    /// `deepObject`: `color[R]=100&color[G]=200`.
    DeepObject,
}

/// The `style` of a path parameter.
#[cfg(feature = "runtime-styles")]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PathStyle {
    /// `simple` (the default): `blue,black`.
    Simple,
    /// `label`: `.blue.black`.
    Label,
    /// `matrix`: `;color=blue,black`.
    Matrix,
}

/// A parameter value as OpenAPI's style tables see it: a primitive, an
/// array, or an object whose fields are in order.
///
/// Numbers and booleans are formatted as in JSON; dates as RFC 3339.
#[cfg(feature = "runtime-styles")]
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ParamValue {
    /// A string, number or boolean, formatted.
    Primitive(String),
    /// The items of an array.
    Array(Vec<ParamValue>),
    /// The fields of an object, `(name, value)`, in order.
    Object(Vec<(String, ParamValue)>),
}

#[cfg(feature = "runtime-styles")]
impl ParamValue {
    /// A primitive, formatted with `Display`.
    pub fn primitive(value: impl Display) -> Self {
        Self::Primitive(value.to_string())
    }

    /// An array of primitives, each formatted with `Display`.
    pub fn array(items: impl IntoIterator<Item = impl Display>) -> Self {
        Self::Array(items.into_iter().map(Self::primitive).collect())
    }

    /// The fields of a model (or map) as serde serialises them, in the order
    /// the model declares them; fields that are `None` are left out.
    ///
    /// # Errors
    ///
    /// If `value` cannot be serialised (a map whose keys are not strings).
    pub fn object(value: &impl serde::Serialize) -> Result<Self, serde_json::Error> {
        Ok(Self::from_json(serde_json::to_value(value)?).unwrap_or(Self::Object(Vec::new())))
    }

    /// A value sent as its JSON text (a parameter with `content:
    /// application/json`).
    ///
    /// # Errors
    ///
    /// If `value` cannot be serialised (a map whose keys are not strings).
    pub fn json(value: &impl serde::Serialize) -> Result<Self, serde_json::Error> {
        serde_json::to_string(value).map(Self::Primitive)
    }

    /// An array of arrays of primitives: in styles that do not nest, each item
    /// is sent as its items joined by commas.
    pub fn arrays<I: IntoIterator<Item = impl Display>>(
        items: impl IntoIterator<Item = I>,
    ) -> Self {
        Self::Array(items.into_iter().map(Self::array).collect())
    }

    /// `None` for JSON `null`, which is not sent.
    pub(crate) fn from_json(value: serde_json::Value) -> Option<Self> {
        use serde_json::Value as Json;
        Some(match value {
            Json::Null => return None,
            Json::String(text) => Self::Primitive(text),
            Json::Bool(_) | Json::Number(_) => Self::Primitive(value.to_string()),
            Json::Array(items) => {
                Self::Array(items.into_iter().filter_map(Self::from_json).collect())
            }
            Json::Object(fields) => Self::Object(
                fields
                    .into_iter()
                    .filter_map(|(name, value)| Some((name, Self::from_json(value)?)))
                    .collect(),
            ),
        })
    }

    /// The value of one pair: a nested array or object as a list of its
    /// items (an object's names and values), joined by literal commas.
    fn nested(&self) -> Value {
        match self {
            Self::Primitive(text) => Value::One(text.clone()),
            Self::Array(items) => {
                Value::List(items.iter().map(Self::text).collect(), Delimiter::Comma)
            }
            Self::Object(fields) => Value::List(
                fields
                    .iter()
                    .flat_map(|(name, value)| [name.clone(), value.text()])
                    .collect(),
                Delimiter::Comma,
            ),
        }
    }

    /// A nested value in a style that does not nest: its items (an object's
    /// names and values) joined by commas.
    fn text(&self) -> String {
        match self {
            Self::Primitive(text) => text.clone(),
            Self::Array(items) => items.iter().map(Self::text).collect::<Vec<_>>().join(","),
            Self::Object(fields) => fields
                .iter()
                .flat_map(|(name, value)| [name.clone(), value.text()])
                .collect::<Vec<_>>()
                .join(","),
        }
    }

    /// The parts of a `simple`, `label`, `matrix` or `form` value: the items
    /// of an array, the names and values of an object (`name=value` each when
    /// exploded), each encoded with `encode`.
    fn parts(&self, explode: bool, encode: impl Fn(&str) -> String) -> Vec<String> {
        match self {
            Self::Primitive(text) => vec![encode(text)],
            Self::Array(items) => items.iter().map(|item| encode(&item.text())).collect(),
            Self::Object(fields) if explode => fields
                .iter()
                .map(|(name, value)| format!("{}={}", encode(name), encode(&value.text())))
                .collect(),
            Self::Object(fields) => fields
                .iter()
                .flat_map(|(name, value)| [encode(name), encode(&value.text())])
                .collect(),
        }
    }
}

/// A path parameter in `style`, percent-encoded as [`encode_path_segment`]
/// does, with the style's delimiters literal (for `color` = `blue`,
/// `[blue, black]` or `{R: 100, G: 200}`):
///
/// | style | explode | primitive | array | object |
/// | --- | --- | --- | --- | --- |
/// | `simple` | false | `blue` | `blue,black` | `R,100,G,200` |
/// | `simple` | true | `blue` | `blue,black` | `R=100,G=200` |
/// | `label` | false | `.blue` | `.blue.black` | `.R.100.G.200` |
/// | `label` | true | `.blue` | `.blue.black` | `.R=100.G=200` |
/// | `matrix` | false | `;color=blue` | `;color=blue,black` | `;color=R,100,G,200` |
/// | `matrix` | true | `;color=blue` | `;color=blue;color=black` | `;R=100;G=200` |
///
/// An empty value is `.` in `label` and `;color` in `matrix`. Beyond the
/// table, a nested array or object (an item of an array, a field of an
/// object) is its items joined by commas, which are encoded (`%2C`) so that
/// they never split the value they belong to.
#[cfg(feature = "runtime-styles")]
pub fn path_param(style: PathStyle, explode: bool, name: &str, value: &ParamValue) -> String {
    let parts = value.parts(explode, encode_path_segment);
    let name = encode_path_segment(name);
    let empty = parts.iter().all(String::is_empty);
    match style {
        PathStyle::Simple => parts.join(","),
        PathStyle::Label => format!(".{}", parts.join(".")),
        PathStyle::Matrix if empty => format!(";{name}"),
        PathStyle::Matrix => match value {
            ParamValue::Object(_) if explode => format!(";{}", parts.join(";")),
            ParamValue::Array(_) if explode => {
                parts.iter().map(|part| format!(";{name}={part}")).collect()
            }
            _ => format!(";{name}={}", parts.join(",")),
        },
    }
}

/// A header parameter (`style: simple`): `blue`, `blue,black`, `R,100,G,200`,
/// or exploded `R=100,G=200`. Header values are not percent-encoded.
#[cfg(feature = "runtime-styles")]
pub fn header_param(explode: bool, value: &ParamValue) -> String {
    value.parts(explode, str::to_owned).join(",")
}

/// Sets the cookie parameter `name` (`style: form`) in the one `Cookie`
/// header of `headers`, replacing what it set before.
///
/// Names and values are percent-encoded as query components are, so `;`,
/// `,` and spaces never split them: `color=blue`, `color=blue,black`, or
/// exploded `color=blue; color=black`; an object is `color=R,100,G,200`, or
/// exploded `R=100; G=200` (re-setting an exploded object replaces the
/// cookies its fields name). Cookies are joined with `; `.
#[cfg(feature = "runtime-styles")]
pub fn set_cookie(
    headers: &mut Vec<(&'static str, String)>,
    name: &str,
    explode: bool,
    value: &ParamValue,
) {
    let encode = |s: &str| utf8_percent_encode(s, UNRESERVED).to_string();
    let encoded = encode(name);
    let cookies: Vec<String> = match value {
        ParamValue::Primitive(_) => vec![format!("{encoded}={}", value.parts(false, encode)[0])],
        ParamValue::Array(_) if explode => value
            .parts(true, encode)
            .into_iter()
            .map(|item| format!("{encoded}={item}"))
            .collect(),
        ParamValue::Object(_) if explode => value.parts(true, encode),
        _ => vec![format!(
            "{encoded}={}",
            value.parts(false, encode).join(",")
        )],
    };
    let names: Vec<&str> = std::iter::once(encoded.as_str())
        .chain(cookies.iter().filter_map(|c| c.split('=').next()))
        .collect();
    let position = headers
        .iter()
        .position(|(header, _)| header.eq_ignore_ascii_case("cookie"));
    let mut kept: Vec<String> = match position {
        Some(index) => headers
            .remove(index)
            .1
            .split("; ")
            .map(str::to_owned)
            .collect(),
        None => Vec::new(),
    };
    kept.retain(|cookie| !names.contains(&cookie.split('=').next().unwrap_or_default()));
    kept.extend(cookies);
    if !kept.is_empty() {
        headers.push(("Cookie", kept.join("; ")));
    }
}
