//! The hand-written runtime that every generated client crate carries in `src/runtime/`,
//! compiled and tested here as a crate of its own. It is mounted as `runtime`, as in a generated
//! crate, so its `crate::runtime::...` paths mean the same in both places. The enum macros of
//! `generator/macros/` are mounted as `macros`, as a crate's `src/macros.rs` holds them.

#[path = "mod.rs"]
pub mod runtime;

mod macros {
    include!("../macros/string_enum.rs");
    include!("../macros/int_enum.rs");
}

macros::int_enum! {
    /// An integer enum made with `int_enum!`, as generated models are.
    pub enum Level: i64 {
        Low = 1,
        High = 3,
    }
}

macros::string_enum! {
    /// A string enum made with `string_enum!`, as generated models are; it keeps the macro
    /// compiled and tested where it is written.
    pub enum Example {
        First = "first",
        SecondValue = "second_value",
    }
}

#[cfg(test)]
mod tests {
    use super::{Example, Level};

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
}
