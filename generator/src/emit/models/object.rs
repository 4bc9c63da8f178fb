//! The serde implementations of a struct written over the runtime's `Object` helpers
//! ([`StructSerde::Fields`](crate::ir::StructSerde::Fields)): an `object!` invocation, a table
//! of the fields' wire names, where serde's derives would expand to a visitor, a field enum
//! and its visitor for every model. Written as text, like the enum macros: a table needs no
//! formatting.

use crate::emit::tokens::cfg_text;
use crate::ir::{Gate, Presence, Struct, Usage};

/// The feature that gives every model both serde traits.
const SERDE_FULL: &str = "serde-full";

/// `crate::macros::object! { .. }` for the struct `name`, compiled with the struct (`gate`);
/// each trait is implemented where the way the type travels needs it, and otherwise only with
/// the `serde-full` feature.
pub(super) fn invocation(name: &str, s: &Struct, usage: Usage, gate: &Gate) -> String {
    let mut out = cfg_text(gate);
    out.push_str("crate::macros::object! {\n");
    if s.fields.is_empty() {
        out.push_str(&format!("    {name} {{}}\n"));
    } else {
        out.push_str(&format!("    {name} {{\n"));
        for (index, field) in s.fields.iter().enumerate() {
            // A required nullable field is an `Option` written whole: `None` as `null`.
            let kind = match field.presence {
                Presence::Required | Presence::RequiredNullable => "required",
                Presence::Optional => "optional",
                Presence::OptionalNullable => "patch",
            };
            let read_only = if field.read_only { " read_only" } else { "" };
            out.push_str(&format!(
                "        {index} {} {:?} {kind}{read_only},\n",
                field.name, field.wire_name
            ));
        }
        out.push_str("    }\n");
    }
    for (needed, keyword) in [
        (usage.needs_serialize(), "serialize"),
        (usage.needs_deserialize(), "deserialize"),
    ] {
        if needed {
            out.push_str(&format!("    {keyword};\n"));
        } else {
            out.push_str(&format!(
                "    #[cfg(feature = \"{SERDE_FULL}\")] {keyword};\n"
            ));
        }
    }
    out.push_str("}\n");
    out
}
