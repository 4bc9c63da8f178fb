//! Names built from context: a type named after where it sits (`LinksSelf`, `GetTasksBody`),
//! operation methods, builders and modules, parameter enums, and variants for statuses, numbers
//! and union alternatives.

use heck::ToUpperCamelCase;

use super::{Namespace, camel, camel_words, escape, escape_camel, singular, snake, snake_words};
use crate::ir::model::{StatusMatch, TypeRef};

/// The longest module name: it is also a file name (`<name>.rs`), which file systems limit to
/// 255 bytes; a tag may be a whole sentence.
pub const MAX_MODULE_NAME: usize = 64;

/// Windows device names, which cannot be file names there whatever the extension.
const DEVICE_NAMES: &[&str] = &[
    "con", "prn", "aux", "nul", "com1", "com2", "com3", "com4", "com5", "com6", "com7", "com8",
    "com9", "lpt1", "lpt2", "lpt3", "lpt4", "lpt5", "lpt6", "lpt7", "lpt8", "lpt9",
];

/// A type inside `parent` (a type name), after `tail` (spec text, or fixed words such as `Item`):
/// `Links` + `self` -> `LinksSelf`. The parent's escape suffix is dropped; only the whole name is
/// escaped. An empty tail reads `Value`.
fn nested(parent: &str, tail: &str) -> String {
    let stem = parent.strip_suffix('_').unwrap_or(parent);
    let tail = camel_words(tail);
    let tail = if tail.is_empty() { "Value" } else { &tail };
    escape_camel(format!("{stem}{tail}"))
}

/// The model of a component schema: its key in upper camel case, and `Model` after a name the
/// crate root takes ([`ROOT_TYPES`](super::ROOT_TYPES)): `Error` -> `ErrorModel`, so that
/// `models::ErrorModel` and `crate::Error` read apart.
pub fn model(key: &str) -> String {
    let name = camel(key);
    if super::ROOT_TYPES.contains(&name.as_str()) {
        format!("{name}Model")
    } else {
        name
    }
}

/// The items of an array: `TagsItem`.
pub fn item_type(parent: &str) -> String {
    nested(parent, "Item")
}

/// An inline item of a tuple, by its position: `PointItem0`.
pub fn tuple_item_type(parent: &str, index: usize) -> String {
    nested(parent, &format!("Item{index}"))
}

/// The values of a map: `LabelsValue`.
pub fn value_type(parent: &str) -> String {
    nested(parent, "Value")
}

/// An inline alternative of a union: `ShapeVariant2`.
pub fn variant_type(parent: &str, index: usize) -> String {
    nested(parent, &format!("Variant{index}"))
}

/// The object or enum under a property: `Links` + `self` -> `LinksSelf`.
pub fn field_type(owner: &str, wire: &str) -> String {
    nested(owner, wire)
}

/// The inline type of a parameter: `GetTasks` + `sort` -> `GetTasksSort`.
pub fn param_type(operation: &str, wire: &str) -> String {
    nested(operation, wire)
}

/// The struct of an operation's required parameters, beside its builder: `GetFlights` ->
/// `GetFlightsArgs`.
pub fn args_type(builder: &str) -> String {
    nested(builder, "Args")
}

/// An inline request body: `CreateTaskBody`.
pub fn body_type(operation: &str) -> String {
    nested(operation, "Body")
}

/// The inline body of a further request media type, after its setter: `CreateTask` +
/// `body_form` -> `CreateTaskBodyForm`.
pub fn alternative_body_type(operation: &str, setter: &str) -> String {
    nested(operation, setter)
}

/// An inline success body (`CreateTaskResponse`), or, where success statuses have different
/// bodies, the one of a status (`CreateTaskResponse201`).
pub fn response_type(operation: &str, status: Option<&str>) -> String {
    nested(
        operation,
        &format!("Response{}", status.unwrap_or_default()),
    )
}

/// The enum of an operation's success bodies by status: `CreateTaskResponse`.
pub fn response_enum(operation: &str) -> String {
    nested(operation, "Response")
}

/// An inline error body of one status (`GetTaskError404`) or of `default`.
pub fn error_body_type(operation: &str, status: &str) -> String {
    nested(operation, &format!("Error{}", camel_words(status)))
}

/// The enum of an operation's error bodies by status: `GetTaskError`.
pub fn error_enum(operation: &str) -> String {
    nested(operation, "Error")
}

/// The longest client method, in bytes, before [`operation_method`] shortens it. Some specs
/// write the whole path into their ids (`post-/marketing/v3/marketing-events/events/{id}/...`).
pub const MAX_METHOD_NAME: usize = 64;

/// The type-name stem of an operation, which its builder and inline types start with: the
/// words of its method, so shortened alike.
pub fn operation_type(id: &str) -> String {
    match shortened(id) {
        Some(words) => escape_camel(words.to_upper_camel_case()),
        None => camel(id),
    }
}

/// The client method of an operation: `getWebhooks` -> `get_webhooks`. A name longer than
/// [`MAX_METHOD_NAME`] keeps its first word (the verb) and as many whole parts of the id from
/// its end as fit (parts are what `/`, `-`, `_`, `{`, `}` and other symbols separate), or,
/// where not even the last part fits, as many of its last words:
/// `post-/marketing/v3/marketing-events/events/{externalEventId}/{subscriberState}/email-upsert_doEmailUpsertById`
/// -> `post_subscriber_state_email_upsert_do_email_upsert_by_id`.
pub fn operation_method(id: &str) -> String {
    match shortened(id) {
        Some(words) => escape(words, "n", "value"),
        None => snake(id),
    }
}

/// The snake-case words of `id` shortened to [`MAX_METHOD_NAME`] as [`operation_method`] says,
/// if they are longer.
fn shortened(id: &str) -> Option<String> {
    if snake_words(id).len() <= MAX_METHOD_NAME {
        return None;
    }
    // The parts of the id, each as its snake-case words.
    let mut parts: Vec<Vec<String>> = id
        .split(|c: char| c.is_ascii() && !c.is_ascii_alphanumeric())
        .map(|part| {
            snake_words(part)
                .split('_')
                .filter(|w| !w.is_empty())
                .map(str::to_owned)
                .collect::<Vec<String>>()
        })
        .filter(|words| !words.is_empty())
        .collect();
    let mut verb = parts[0].remove(0);
    // ASCII only, so any index is a char boundary.
    verb.truncate(MAX_METHOD_NAME);
    let fits = |len: usize, word: &str| len + 1 + word.len() <= MAX_METHOD_NAME;
    let mut len = verb.len();
    let mut last: Vec<String> = Vec::new();
    for part in parts.iter().rev() {
        let joined = part.join("_");
        if joined.is_empty() {
            continue;
        }
        if fits(len, &joined) {
            len += 1 + joined.len();
            last.push(joined);
            continue;
        }
        if last.is_empty() {
            for word in part.iter().rev() {
                if !fits(len, word) {
                    break;
                }
                len += 1 + word.len();
                last.push(word.clone());
            }
        }
        break;
    }
    last.push(verb);
    last.reverse();
    Some(last.join("_"))
}

/// An `operationId` for an operation without one: `get /webhooks/{webhook_gid}` ->
/// `getWebhooksByWebhookGid`.
pub fn derived_operation_id(method: &str, path: &str) -> String {
    let mut id = method.to_owned();
    for segment in path.split('/').filter(|s| !s.is_empty()) {
        if let Some(param) = segment.strip_prefix('{').and_then(|s| s.strip_suffix('}')) {
            id.push_str("By");
            id.push_str(&camel_words(param));
        } else {
            id.push_str(&camel_words(segment));
        }
    }
    id
}

/// The function name a FastAPI operation id was made from, where the id is FastAPI's default:
/// the function's name, the path with every non-word character made `_`, and the method
/// (`create_pet_pets_post` for `create_pet` at `POST /pets`). Method names are made from it, so a
/// FastAPI service's client reads `create_pet`, not `create_pet_pets_post`.
pub fn fastapi_function<'a>(id: &'a str, method: &str, path: &str) -> Option<&'a str> {
    let path: String = path
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect();
    let name = id
        .strip_suffix(method)?
        .strip_suffix('_')?
        .strip_suffix(path.as_str())?;
    let word = |c: char| c.is_alphanumeric() || c == '_';
    (!name.is_empty() && name.chars().all(word) && !name.starts_with(|c: char| c.is_ascii_digit()))
        .then_some(name)
}

/// The operations module of a tag, which is also its file name: snake case, never a raw
/// identifier (keywords and Windows device names get a trailing underscore, so `mod` never
/// becomes `mod.rs`), at most [`MAX_MODULE_NAME`] bytes (cut at a word break).
pub fn module(tag: &str) -> String {
    let mut name = snake_words(tag);
    if name.len() > MAX_MODULE_NAME {
        // ASCII only, so any index is a char boundary.
        let cut = name[..MAX_MODULE_NAME]
            .rfind('_')
            .unwrap_or(MAX_MODULE_NAME);
        name.truncate(cut);
    }
    let name = escape(name, "n", "default");
    let name = super::unraw(&name).trim_end_matches('_').to_owned();
    if super::is_keyword(&name) || DEVICE_NAMES.contains(&name.as_str()) {
        format!("{name}_")
    } else {
        name
    }
}

/// The `ClientBuilder` method of a security scheme: the key, and `_access_token` for OAuth2.
pub fn auth_method(key: &str, oauth2: bool) -> String {
    if oauth2 {
        escape(format!("{}_access_token", snake_words(key)), "n", "value")
    } else {
        snake(key)
    }
}

/// The name an enum-valued parameter type wants, and how strong its claim is where several
/// enums want one name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParamEnumName {
    /// The name.
    pub name: String,
    /// The operations share words, and they end every id (the ops act on that thing itself,
    /// as `getTeam`, `updateTeam` do, rather than list it for something else).
    pub words_end_ids: bool,
    /// The name holds words the operations share (or the one operation's id): it says what the
    /// enum is for. A bare parameter name (`Order`) says so only while no other enum wants it.
    pub descriptive: bool,
}

/// The name of an enum-valued parameter type, for what it is: the parameter (singular for an
/// array) after the words the operations' ids share (`getWebhook`, `updateWebhook` +
/// `opt_fields` -> `WebhookOptField`), or alone where they share none (`getConversations`,
/// `getUsers` + `order` -> `Order`). The enum of one operation starts with it: `GetUsersOrder`.
pub fn param_enum(operations: &[String], wire: &str, is_array: bool) -> ParamEnumName {
    let (prefix, words_end_ids) = match operations {
        [only] => (camel_words(only), true),
        _ => common_words(operations).unwrap_or_default(),
    };
    ParamEnumName {
        descriptive: !prefix.is_empty(),
        name: escape_camel(format!("{prefix}{}", param_enum_base(wire, is_array))),
        words_end_ids,
    }
}

/// The name of a shared parameter enum whose [`param_enum`] name another one wants too: after
/// the first of its operations (`getTags` + `opt_fields` -> `GetTagsOptField`).
pub fn param_enum_of_first(operations: &[String], wire: &str, is_array: bool) -> String {
    let first = operations.first().map_or("", String::as_str);
    escape_camel(format!(
        "{}{}",
        camel_words(first),
        param_enum_base(wire, is_array)
    ))
}

fn param_enum_base(wire: &str, is_array: bool) -> String {
    let base = if is_array {
        camel_words(&singular(&snake_words(wire)))
    } else {
        camel_words(wire)
    };
    if base.is_empty() {
        "Value".into()
    } else {
        base
    }
}

/// Words that join others in an operation id and never name a thing alone.
const JOINING_WORDS: &[&str] = &[
    "And", "At", "By", "For", "From", "In", "Of", "On", "Or", "To", "With",
];

/// The longest run of words every operation id has, the leading verb aside and plurals read as
/// singulars, that neither starts nor ends with a joining word (`getTasksForProject`,
/// `getTasksForSection` -> `Task`; `createStatusForObject`, `getStatus` -> `Status`), and
/// whether it ends every id.
fn common_words(ids: &[String]) -> Option<(String, bool)> {
    let words = |id: &String| -> Vec<String> {
        let mut words = Vec::new();
        let mut current = String::new();
        for c in camel_words(id).chars() {
            if c.is_uppercase() && !current.is_empty() {
                words.push(singular(&std::mem::take(&mut current)));
            }
            current.push(c);
        }
        words.push(singular(&current));
        words.into_iter().skip(1).collect()
    };
    let all: Vec<Vec<String>> = ids.iter().map(words).collect();
    let first = all.first()?;
    let contains =
        |haystack: &[String], run: &[String]| haystack.windows(run.len()).any(|w| w == run);
    let joining = |word: &String| JOINING_WORDS.contains(&word.as_str());
    for len in (1..=first.len()).rev() {
        for run in first.windows(len) {
            if joining(&run[0]) || joining(&run[len - 1]) {
                continue;
            }
            if all[1..].iter().all(|other| contains(other, run)) {
                let ends = all.iter().all(|words| words.ends_with(run));
                return Some((run.concat(), ends));
            }
        }
    }
    None
}

/// The variant of a union alternative, after its type: `Task`, `String`, `TaskList`.
pub fn union_variant(ty: &TypeRef) -> String {
    match ty {
        TypeRef::Named(name) => name.clone(),
        TypeRef::String => "String".into(),
        TypeRef::Bool => "Bool".into(),
        TypeRef::I32 | TypeRef::I64 => "Integer".into(),
        TypeRef::F32 | TypeRef::F64 => "Number".into(),
        TypeRef::Date => "Date".into(),
        TypeRef::DateTime => "DateTime".into(),
        TypeRef::Uri => "Uri".into(),
        TypeRef::Binary => "Binary".into(),
        TypeRef::Json => "Json".into(),
        TypeRef::Vec(inner) => nested(&union_variant(inner), "List"),
        TypeRef::Map(inner) => nested(&union_variant(inner), "Map"),
        TypeRef::Tuple(_) => "Tuple".into(),
        TypeRef::External { path, .. } => {
            // The type's own name: `uuid::Uuid` -> `Uuid`, `Map<String, Value>` -> `Map`.
            let name = path.split('<').next().unwrap_or(path);
            let last = name.rsplit("::").next().unwrap_or(name).trim();
            crate::ir::naming::model(last)
        }
    }
}

/// The variant of an integer enum value: `1` -> `Value1`, `-1` -> `ValueMinus1`.
pub fn int_variant(value: i64) -> String {
    if value < 0 {
        format!("ValueMinus{}", value.unsigned_abs())
    } else {
        format!("Value{value}")
    }
}

/// The variant of a response status: `404` -> `NotFound`, `4XX` -> `ClientError`, the rest
/// `Other`.
pub fn status_variant(status: StatusMatch) -> String {
    let name = match status {
        StatusMatch::Other => "Other",
        StatusMatch::Range(1) => "Informational",
        StatusMatch::Range(2) => "Success",
        StatusMatch::Range(3) => "Redirection",
        StatusMatch::Range(4) => "ClientError",
        StatusMatch::Range(5) => "ServerError",
        StatusMatch::Range(class) => return format!("Status{class}xx"),
        StatusMatch::Code(code) => match code {
            200 => "Ok",
            201 => "Created",
            202 => "Accepted",
            203 => "NonAuthoritativeInformation",
            204 => "NoContent",
            205 => "ResetContent",
            206 => "PartialContent",
            301 => "MovedPermanently",
            302 => "Found",
            303 => "SeeOther",
            304 => "NotModified",
            307 => "TemporaryRedirect",
            308 => "PermanentRedirect",
            400 => "BadRequest",
            401 => "Unauthorized",
            402 => "PaymentRequired",
            403 => "Forbidden",
            404 => "NotFound",
            405 => "MethodNotAllowed",
            406 => "NotAcceptable",
            408 => "RequestTimeout",
            409 => "Conflict",
            410 => "Gone",
            412 => "PreconditionFailed",
            413 => "PayloadTooLarge",
            415 => "UnsupportedMediaType",
            422 => "UnprocessableEntity",
            423 => "Locked",
            424 => "FailedDependency",
            429 => "TooManyRequests",
            500 => "InternalServerError",
            501 => "NotImplemented",
            502 => "BadGateway",
            503 => "ServiceUnavailable",
            504 => "GatewayTimeout",
            _ => return format!("Status{code}"),
        },
    };
    name.to_owned()
}

/// Claims the variants of a string enum, in order: `Unknown` is the enum's own.
pub fn string_variants<'v>(values: impl IntoIterator<Item = &'v str>) -> Vec<String> {
    let mut names = Namespace::with_reserved(super::ENUM_VARIANTS);
    values
        .into_iter()
        .map(|v| claim_variant(&mut names, &camel(v)))
        .collect()
}

/// Claims the variant of an enum value in `names` (made [`with_reserved`](Namespace::with_reserved)
/// [`ENUM_VARIANTS`](super::ENUM_VARIANTS)). A value named like the enum's own catch-all is
/// that name and `Value` (`"unknown"` -> `UnknownValue`, beside `Unknown(String)`), which says
/// what it is where a number (`Unknown2`) would read as a second catch-all.
pub fn claim_variant(names: &mut Namespace, wanted: &str) -> String {
    if super::ENUM_VARIANTS.contains(&wanted) {
        names.claim(&format!("{wanted}Value"))
    } else {
        names.claim(wanted)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| (*s).to_owned()).collect()
    }

    #[test]
    fn nested_types_drop_the_parents_escape() {
        assert_eq!(field_type("Links", "self"), "LinksSelf");
        assert_eq!(field_type(&camel("self"), "links"), "SelfLinks");
        assert_eq!(item_type(&camel("self")), "SelfItem");
        assert_eq!(field_type("Node", "type"), "NodeType");
        assert_eq!(field_type("Node", ""), "NodeValue");
        assert_eq!(field_type("Node", "2fa"), "Node2fa");
        assert_eq!(body_type(&operation_type("2fa")), "N2faBody");
        assert_eq!(param_type(&operation_type("self"), "order"), "SelfOrder");
        assert_eq!(error_body_type("GetX", "default"), "GetXErrorDefault");
        assert_eq!(response_type("GetX", Some("201")), "GetXResponse201");
        assert_eq!(variant_type("Shape", 2), "ShapeVariant2");
        assert_eq!(tuple_item_type("Point", 1), "PointItem1");
        assert_eq!(args_type("GetFlights"), "GetFlightsArgs");
    }

    #[test]
    fn parameter_enums_are_named_for_what_they_are() {
        let name = |v: &[&str], wire: &str, is_array: bool| param_enum(&ids(v), wire, is_array);
        let webhook = name(
            &["getWebhook", "createWebhook", "updateWebhook"],
            "opt_fields",
            true,
        );
        assert_eq!(webhook.name, "WebhookOptField");
        assert!(webhook.descriptive && webhook.words_end_ids);
        let listed = name(
            &["getTasksForProject", "getTasksForTag"],
            "opt_fields",
            true,
        );
        assert_eq!(listed.name, "TaskOptField");
        assert!(listed.descriptive && !listed.words_end_ids);
        let bare = name(&["getConversations", "getUsers"], "order", false);
        assert_eq!(bare.name, "Order");
        assert!(!bare.descriptive);
        assert_eq!(
            name(&["getTasks", "getUsers"], "sort_order", false).name,
            "SortOrder"
        );
        assert_eq!(name(&["getUsers"], "order", false).name, "GetUsersOrder");
        assert_eq!(name(&["a", "b"], "self", false).name, "Self_");
        assert_eq!(
            param_enum_of_first(&ids(&["getTags", "getTagsForTask"]), "opt_fields", true),
            "GetTagsOptField"
        );
    }

    #[test]
    fn common_words_of_operation_ids() {
        let common = |v: &[&str]| common_words(&ids(v)).map(|(words, _)| words);
        assert_eq!(
            common(&["getWebhook", "createWebhook", "updateWebhook"]),
            Some("Webhook".into())
        );
        assert_eq!(
            common(&["getTasksForProject", "getTasksForSection"]),
            Some("Task".into())
        );
        assert_eq!(
            common(&[
                "getProjectPortfolioSettingsForPortfolio",
                "getProjectPortfolioSettingsForProject"
            ]),
            Some("ProjectPortfolioSetting".into())
        );
        assert_eq!(
            common(&["createStatusForObject", "getStatus"]),
            Some("Status".into())
        );
        assert_eq!(
            common(&["getTimeTrackingEntries", "getTimeTrackingEntriesForTask"]),
            Some("TimeTrackingEntry".into())
        );
        assert_eq!(common(&["getConversations", "getUsers"]), None);
        assert_eq!(common(&["a", "b"]), None);
    }

    #[test]
    fn long_operation_names_keep_the_verb_and_the_last_words() {
        let id = "post-/marketing/v3/marketing-events/events/{externalEventId}/{subscriberState}/email-upsert_doEmailUpsertById";
        let method = operation_method(id);
        assert_eq!(
            method,
            "post_subscriber_state_email_upsert_do_email_upsert_by_id"
        );
        assert_eq!(
            operation_type(id),
            "PostSubscriberStateEmailUpsertDoEmailUpsertById"
        );
        let derived = derived_operation_id(
            "get",
            "/crm/v3/objects/{objectType}/{objectId}/associations/{toObjectType}/{toObjectId}/labels",
        );
        // A derived id is one part: its last words.
        assert_eq!(
            operation_method(&derived),
            "get_id_associations_by_to_object_type_by_to_object_id_labels"
        );
        // One long camel-case id keeps its last words.
        let id = format!("list{}Things", "Very".repeat(20));
        assert_eq!(
            operation_method(&id),
            format!("list{}_things", "_very".repeat(10))
        );
        // At the limit, nothing changes; one word longer than it is cut.
        let at_limit = "a".repeat(MAX_METHOD_NAME);
        assert_eq!(operation_method(&at_limit), at_limit);
        assert_eq!(operation_type(&at_limit), camel(&at_limit));
        assert_eq!(
            operation_method(&"b".repeat(MAX_METHOD_NAME + 1)),
            "b".repeat(MAX_METHOD_NAME)
        );
        // Non-ASCII is spelled out before it is cut.
        let spelled = operation_method(&"日本".repeat(20));
        assert!(spelled.len() <= MAX_METHOD_NAME, "{spelled}");
        assert!(syn::parse_str::<syn::Ident>(&spelled).is_ok(), "{spelled}");
        assert_eq!(operation_method("getWebhooks"), "get_webhooks");
        assert_eq!(operation_type("getWebhooks"), "GetWebhooks");
    }

    #[test]
    fn models_never_take_a_name_of_the_crate_root() {
        assert_eq!(model("Error"), "ErrorModel");
        assert_eq!(model("result"), "ResultModel");
        assert_eq!(model("Client"), "ClientModel");
        assert_eq!(model("client_info"), "ClientInfo");
        assert_eq!(model("errors"), "Errors");
    }

    #[test]
    fn derived_ids() {
        assert_eq!(
            derived_operation_id("get", "/webhooks/{webhook_gid}"),
            "getWebhooksByWebhookGid"
        );
        assert_eq!(derived_operation_id("post", "/a-b/c.d"), "postABCD");
        assert_eq!(derived_operation_id("get", "/self"), "getSelf");
    }

    #[test]
    fn modules_are_file_names() {
        assert_eq!(module("Custom fields"), "custom_fields");
        assert_eq!(module("mod"), "mod_");
        assert_eq!(module("type"), "type_");
        assert_eq!(module("self"), "self_");
        assert_eq!(module("CON"), "con_");
        assert_eq!(module("2024 reports"), "n2024_reports");
        assert_eq!(module(""), "default");
        let long = module(&"very long tag words ".repeat(40));
        assert!(long.len() <= MAX_MODULE_NAME, "{long}");
        assert!(!long.ends_with('_') && !long.contains("__"), "{long}");
        assert!(syn::parse_str::<syn::Ident>(&long).is_ok());
    }

    #[test]
    fn auth_methods() {
        assert_eq!(auth_method("oauth2", true), "oauth2_access_token");
        assert_eq!(
            auth_method("personalAccessToken", false),
            "personal_access_token"
        );
        assert_eq!(auth_method("type", false), "r#type");
        assert_eq!(auth_method("type", true), "type_access_token");
    }

    #[test]
    fn variants() {
        assert_eq!(int_variant(1), "Value1");
        assert_eq!(int_variant(-20), "ValueMinus20");
        assert_eq!(
            int_variant(i64::MIN),
            format!("ValueMinus{}", i64::MIN.unsigned_abs())
        );
        assert_eq!(status_variant(StatusMatch::Code(404)), "NotFound");
        assert_eq!(status_variant(StatusMatch::Code(599)), "Status599");
        assert_eq!(status_variant(StatusMatch::Range(4)), "ClientError");
        assert_eq!(
            union_variant(&TypeRef::Vec(Box::new(TypeRef::Named("Self_".into())))),
            "SelfList"
        );
        assert_eq!(
            string_variants(["a", "Unknown", "", "A", "unknown"]),
            ["A", "UnknownValue", "Value", "A2", "UnknownValue2"]
        );
    }

    #[test]
    fn fastapi_default_ids_give_their_function_names() {
        let cases = [
            ("create_pet_pets_post", "post", "/pets", Some("create_pet")),
            (
                "get_pet_pets__pet_id__get",
                "get",
                "/pets/{pet_id}",
                Some("get_pet"),
            ),
            (
                "read_item_items__item_id__get",
                "get",
                "/items/{item_id}",
                Some("read_item"),
            ),
            ("root__get", "get", "/", Some("root")),
            (
                "health_check_api_v1_health_check_get",
                "get",
                "/api/v1/health-check",
                Some("health_check"),
            ),
            // Not FastAPI's: another method, another path, nothing before the path, a digit.
            ("create_pet_pets_put", "post", "/pets", None),
            ("createPet", "post", "/pets", None),
            ("_pets_post", "post", "/pets", None),
            ("1st_pets_post", "post", "/pets", None),
            ("create pet_pets_post", "post", "/pets", None),
        ];
        for (id, method, path, name) in cases {
            assert_eq!(fastapi_function(id, method, path), name, "{id}");
        }
    }
}
