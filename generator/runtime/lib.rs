//! The hand-written runtime that every generated client crate carries in `src/runtime/`,
//! compiled and tested here as a crate of its own. It is mounted as `runtime`, as in a generated
//! crate, so its `crate::runtime::...` paths mean the same in both places.

#[path = "mod.rs"]
pub mod runtime;

runtime::string_enum! {
    /// A string enum made with the runtime's `string_enum!`, as generated models are; it keeps
    /// the macro compiled and tested where it is written.
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
