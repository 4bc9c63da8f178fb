//! The hand-written runtime that every generated client crate carries in `src/runtime/`,
//! compiled and tested here as a crate of its own. It is mounted as `runtime`, as in a generated
//! crate, so its `crate::runtime::...` paths mean the same in both places. The models' macros
//! (`generator/macros/`, which a generated crate carries in `src/macros.rs` when its models use
//! them) are mounted as `macros`, as there.

#[path = "mod.rs"]
pub mod runtime;

#[path = "../macros/string_enum.rs"]
mod macros;

macros::string_enum! {
    /// A string enum made with `string_enum!`, as generated models are; it keeps the macro
    /// compiled and tested beside the runtime.
    pub enum Example {
        First = "first",
        SecondValue = "second_value",
    }
}

#[cfg(test)]
mod tests {
    use super::Example;

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
