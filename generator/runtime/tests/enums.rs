//! The enum macros of `generator/macros/`, on the two enums `lib.rs` makes with them.

use crate::{Example, Level};

#[test]
fn int_enums_keep_unknown_values() {
    assert_eq!(Level::from(3), Level::High);
    assert_eq!(Level::Low.value(), 1);
    let decoded: Vec<Level> = serde_json::from_str("[1, 2]").unwrap();
    assert_eq!(decoded, [Level::Low, Level::Unknown(2)]);
    assert_eq!(serde_json::to_string(&decoded).unwrap(), "[1,2]");
}

#[test]
fn string_enums_keep_unknown_values() {
    assert_eq!(Example::from("first"), Example::First);
    assert_eq!(Example::SecondValue.as_str(), "second_value");
    let unknown = Example::from("third");
    assert_eq!(unknown, Example::Unknown("third".into()));
    assert_eq!(unknown.to_string(), "third");
    assert_eq!(String::from(Example::First), "first");
    let decoded: Vec<Example> = serde_json::from_str(r#"["first", "new"]"#).unwrap();
    assert_eq!(decoded, [Example::First, Example::Unknown("new".into())]);
    assert_eq!(
        serde_json::to_string(&decoded).unwrap(),
        r#"["first","new"]"#
    );
}
