//! Checks on emitted code for the emitters' unit tests.

/// `code` without whitespace, so checks do not depend on how prettyplease breaks lines.
fn flat(code: &str) -> String {
    let code: String = code.split_whitespace().collect();
    // Trailing commas come and go with line breaks.
    code.replace(",)", ")")
        .replace(",]", "]")
        .replace(",}", "}")
}

/// Asserts that `code` contains `expected`, whitespace and trailing commas aside.
#[track_caller]
pub fn assert_has(code: &str, expected: &str) {
    assert!(
        flat(code).contains(&flat(expected)),
        "no `{expected}` in:\n{code}"
    );
}
