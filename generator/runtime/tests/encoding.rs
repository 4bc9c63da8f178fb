//! Parameter serialisation against the "Style Examples" table of OpenAPI 3.0.3
//! (section 4.7.12.4): one test per row, for the parameter `color` with the values
//! `"blue"`, `["blue", "black", "brown"]` and `{"R": 100, "G": 200, "B": 150}`.

use crate::runtime::{
    ParamValue, PathStyle, Query, QueryStyle, header_param, path_param, set_cookie,
};
use serde::Serialize;

fn string() -> ParamValue {
    ParamValue::primitive("blue")
}

fn array() -> ParamValue {
    ParamValue::array(["blue", "black", "brown"])
}

#[derive(Serialize)]
#[serde(rename_all = "UPPERCASE")]
struct Rgb {
    r: u8,
    g: u8,
    b: u8,
    #[serde(skip_serializing_if = "Option::is_none")]
    alpha: Option<u8>,
}

fn object() -> ParamValue {
    ParamValue::object(&Rgb {
        r: 100,
        g: 200,
        b: 150,
        alpha: None,
    })
    .unwrap()
}

/// The three cells of a row: string, array, object.
fn path_row(style: PathStyle, explode: bool) -> [String; 3] {
    [string(), array(), object()].map(|value| path_param(style, explode, "color", &value))
}

fn query_row(style: QueryStyle, explode: bool, values: &[ParamValue]) -> Vec<String> {
    values
        .iter()
        .map(|value| {
            let mut query = Query::new();
            query.set_styled("color", style, explode, value);
            query.to_query_string()
        })
        .collect()
}

fn empty() -> ParamValue {
    ParamValue::primitive("")
}

#[test]
fn matrix_not_exploded() {
    assert_eq!(
        path_row(PathStyle::Matrix, false),
        [
            ";color=blue",
            ";color=blue,black,brown",
            ";color=R,100,G,200,B,150"
        ]
    );
    assert_eq!(
        path_param(PathStyle::Matrix, false, "color", &empty()),
        ";color"
    );
}

#[test]
fn matrix_exploded() {
    assert_eq!(
        path_row(PathStyle::Matrix, true),
        [
            ";color=blue",
            ";color=blue;color=black;color=brown",
            ";R=100;G=200;B=150"
        ]
    );
    assert_eq!(
        path_param(PathStyle::Matrix, true, "color", &empty()),
        ";color"
    );
}

#[test]
fn label_not_exploded() {
    assert_eq!(
        path_row(PathStyle::Label, false),
        [".blue", ".blue.black.brown", ".R.100.G.200.B.150"]
    );
    assert_eq!(path_param(PathStyle::Label, false, "color", &empty()), ".");
}

#[test]
fn label_exploded() {
    assert_eq!(
        path_row(PathStyle::Label, true),
        [".blue", ".blue.black.brown", ".R=100.G=200.B=150"]
    );
    assert_eq!(path_param(PathStyle::Label, true, "color", &empty()), ".");
}

#[test]
fn form_not_exploded() {
    assert_eq!(
        query_row(
            QueryStyle::Form,
            false,
            &[empty(), string(), array(), object()]
        ),
        [
            "color=",
            "color=blue",
            "color=blue,black,brown",
            "color=R,100,G,200,B,150"
        ]
    );
}

#[test]
fn form_exploded() {
    assert_eq!(
        query_row(
            QueryStyle::Form,
            true,
            &[empty(), string(), array(), object()]
        ),
        [
            "color=",
            "color=blue",
            "color=blue&color=black&color=brown",
            "R=100&G=200&B=150"
        ]
    );
}

#[test]
fn simple_not_exploded() {
    assert_eq!(
        path_row(PathStyle::Simple, false),
        ["blue", "blue,black,brown", "R,100,G,200,B,150"]
    );
    let header = [string(), array(), object()].map(|v| header_param(false, &v));
    assert_eq!(header, ["blue", "blue,black,brown", "R,100,G,200,B,150"]);
}

#[test]
fn simple_exploded() {
    assert_eq!(
        path_row(PathStyle::Simple, true),
        ["blue", "blue,black,brown", "R=100,G=200,B=150"]
    );
    let header = [string(), array(), object()].map(|v| header_param(true, &v));
    assert_eq!(header, ["blue", "blue,black,brown", "R=100,G=200,B=150"]);
}

#[test]
fn space_delimited_not_exploded() {
    assert_eq!(
        query_row(QueryStyle::SpaceDelimited, false, &[array(), object()]),
        [
            "color=blue%20black%20brown",
            "color=R%20100%20G%20200%20B%20150"
        ]
    );
}

#[test]
fn pipe_delimited_not_exploded() {
    assert_eq!(
        query_row(QueryStyle::PipeDelimited, false, &[array(), object()]),
        ["color=blue|black|brown", "color=R|100|G|200|B|150"]
    );
}

#[test]
fn deep_object_exploded() {
    assert_eq!(
        query_row(QueryStyle::DeepObject, true, &[object()]),
        ["color[R]=100&color[G]=200&color[B]=150"]
    );
}

#[test]
fn delimited_styles_exploded_are_form() {
    for style in [QueryStyle::SpaceDelimited, QueryStyle::PipeDelimited] {
        assert_eq!(
            query_row(style, true, &[array()]),
            ["color=blue&color=black&color=brown"]
        );
    }
}

#[test]
fn deep_objects_nest_and_arrays_take_empty_brackets() {
    #[derive(Serialize)]
    struct Filter {
        name: &'static str,
        range: Range,
        tags: [&'static str; 2],
    }
    #[derive(Serialize)]
    struct Range {
        min: i32,
    }
    let value = ParamValue::object(&Filter {
        name: "a b",
        range: Range { min: -1 },
        tags: ["x", "y&z"],
    })
    .unwrap();
    let mut query = Query::new();
    query.set_styled("filter", QueryStyle::DeepObject, true, &value);
    assert_eq!(
        query.to_query_string(),
        "filter[name]=a%20b&filter[range][min]=-1&filter[tags][]=x&filter[tags][]=y%26z"
    );
    assert_eq!(query.get("filter[range][min]").as_deref(), Some("-1"));
    query.set_styled("expand", QueryStyle::DeepObject, true, &array());
    assert!(
        query
            .to_query_string()
            .ends_with("&expand[]=blue&expand[]=black&expand[]=brown")
    );
}

#[test]
fn setting_a_parameter_again_replaces_every_pair_it_set() {
    let mut query = Query::new();
    query.push("limit", &5);
    query.set_styled("color", QueryStyle::Form, true, &object());
    query.set_styled(
        "color",
        QueryStyle::Form,
        true,
        &ParamValue::object(&std::collections::BTreeMap::from([("R", 1)])).unwrap(),
    );
    assert_eq!(query.to_query_string(), "limit=5&R=1");
    query.remove("color");
    assert_eq!(query.to_query_string(), "limit=5");
}

#[test]
fn values_are_percent_encoded_and_delimiters_are_not() {
    let value = ParamValue::array(["a|b", "c d", "e,f"]);
    assert_eq!(
        query_row(
            QueryStyle::PipeDelimited,
            false,
            std::slice::from_ref(&value)
        ),
        ["color=a%7Cb|c%20d|e%2Cf"]
    );
    assert_eq!(
        path_param(PathStyle::Matrix, false, "c;d", &value),
        ";c%3Bd=a%7Cb,c%20d,e%2Cf"
    );
    // Empty arrays and objects send nothing, as `push_csv` does.
    assert_eq!(
        query_row(QueryStyle::Form, false, &[ParamValue::Array(vec![])]),
        [""]
    );
}

#[test]
fn json_content_is_sent_as_json_text() {
    let value = ParamValue::json(&serde_json::json!({"a": [1, "x y"]})).unwrap();
    let mut query = Query::new();
    query.set_styled("q", QueryStyle::Form, true, &value);
    assert_eq!(
        query.to_query_string(),
        "q=%7B%22a%22%3A%5B1%2C%22x%20y%22%5D%7D"
    );
}

#[test]
fn cookies_share_one_header_and_replace_their_own_values() {
    let mut headers = vec![("X-Other", "1".to_owned())];
    set_cookie(&mut headers, "session", true, &ParamValue::primitive("a;b"));
    set_cookie(&mut headers, "color", false, &array());
    assert_eq!(
        headers[1],
        ("Cookie", "session=a%3Bb; color=blue,black,brown".to_owned())
    );
    set_cookie(&mut headers, "session", true, &ParamValue::primitive("c"));
    set_cookie(&mut headers, "tag", true, &ParamValue::array(["x", "y"]));
    set_cookie(&mut headers, "rgb", true, &object());
    assert_eq!(
        headers[1].1,
        "color=blue,black,brown; session=c; tag=x; tag=y; R=100; G=200; B=150"
    );
    assert_eq!(headers.len(), 2);
}

#[test]
fn nested_arrays_and_json_values_in_styles_that_do_not_nest() {
    let pairs = ParamValue::arrays([[1, 2], [3, 4]]);
    assert_eq!(
        query_row(QueryStyle::Form, true, std::slice::from_ref(&pairs)),
        ["color=1,2&color=3,4"]
    );
    let value = ParamValue::from(serde_json::json!("a b"));
    assert_eq!(path_param(PathStyle::Simple, false, "v", &value), "a%20b");
    let any = ParamValue::from(serde_json::json!([1, "x", null, true]));
    assert_eq!(
        query_row(QueryStyle::PipeDelimited, false, &[any]),
        ["color=1|x|true"]
    );
}

#[derive(Serialize)]
struct Tag {
    #[serde(rename = "Key")]
    key: &'static str,
    #[serde(rename = "Value")]
    value: &'static str,
}

#[derive(Serialize)]
struct Scheme {
    name: &'static str,
    options: Rgb,
}

/// Beyond the tables, a value nested in an array or an object is written as the style's
/// non-exploded form of it: an array of objects, an object of objects, a union of primitives.
#[test]
fn nested_objects_compose_the_tables() {
    let tags = ParamValue::object(&[
        Tag {
            key: "env",
            value: "prod",
        },
        Tag {
            key: "team",
            value: "a b",
        },
    ])
    .unwrap();
    assert_eq!(
        query_row(QueryStyle::Form, true, std::slice::from_ref(&tags)),
        ["color=Key,env,Value,prod&color=Key,team,Value,a%20b"]
    );
    assert_eq!(
        query_row(QueryStyle::Form, false, std::slice::from_ref(&tags)),
        // The delimiter between items is literal; commas within one are not.
        ["color=Key%2Cenv%2CValue%2Cprod,Key%2Cteam%2CValue%2Ca%20b"]
    );
    assert_eq!(
        query_row(QueryStyle::DeepObject, true, std::slice::from_ref(&tags)),
        ["color[][Key]=env&color[][Value]=prod&color[][Key]=team&color[][Value]=a%20b"]
    );
    assert_eq!(
        header_param(false, &tags),
        "Key,env,Value,prod,Key,team,Value,a b"
    );

    let scheme = ParamValue::object(&Scheme {
        name: "en",
        options: Rgb {
            r: 1,
            g: 2,
            b: 3,
            alpha: None,
        },
    })
    .unwrap();
    assert_eq!(
        query_row(QueryStyle::Form, true, std::slice::from_ref(&scheme)),
        ["name=en&options=R,1,G,2,B,3"]
    );
    assert_eq!(
        path_param(PathStyle::Simple, true, "scheme", &scheme),
        "name=en,options=R%2C1%2CG%2C2%2CB%2C3"
    );

    // A union of an integer and a string (GitHub's `workflow_id`) is the primitive it holds.
    #[derive(Serialize)]
    #[serde(untagged)]
    enum WorkflowId {
        Id(i64),
        File(String),
    }
    let id = |value| ParamValue::object(&value).unwrap();
    assert_eq!(
        path_param(
            PathStyle::Simple,
            false,
            "workflow_id",
            &id(WorkflowId::Id(42))
        ),
        "42"
    );
    assert_eq!(
        path_param(
            PathStyle::Label,
            false,
            "workflow_id",
            &id(WorkflowId::File("ci main.yml".into()))
        ),
        ".ci%20main.yml"
    );
}
