use super::{Calls, Variant, doc_example};

fn api(paths: &str, components: &str) -> crate::ir::Api {
    let spec = format!(
        "openapi: 3.0.0\ninfo: {{title: t, version: '1'}}\nservers: [{{url: 'https://api.example.com/v1'}}]\npaths:\n{paths}\ncomponents:\n{components}"
    );
    crate::build_ir("x.yaml", &spec).unwrap_or_else(|e| panic!("{e}"))
}

const PETS: &str = r#"  /pets/{id}:
    put:
      operationId: putPet
      parameters:
        - {name: id, in: path, required: true, schema: {type: string}, example: p1}
        - {name: tags, in: query, schema: {type: array, items: {type: string}}, example: [a, b]}
        - {name: since, in: query, schema: {type: string, format: date-time}}
      requestBody:
        required: true
        content:
          application/json:
            schema: {$ref: '#/components/schemas/Pet'}
            example: {name: Rex, kind: dog, note: null}
          text/plain:
            schema: {type: string}
      responses: {'204': {description: done}}"#;

const SCHEMAS: &str = r#"  securitySchemes:
    key: {type: apiKey, in: header, name: X-Key}
  schemas:
    Pet:
      type: object
      required: [name, kind]
      properties:
        name: {type: string}
        kind: {type: string, enum: [cat, dog]}
        note: {type: string, nullable: true}
        age: {type: integer}"#;

#[test]
fn the_required_call_builds_the_body_as_a_typed_value() {
    let api = api(PETS, SCHEMAS);
    let op = &api.operations[0];
    let calls = Calls::new(&api, "pets");
    assert_eq!(
        calls.call(op, Variant::Required),
        "client\n    .put_pet(\"p1\", pets::models::Pet { name: \"Rex\".to_owned(), kind: pets::models::PetKind::Dog, note: pets::runtime::Patch::Null, age: None })"
    );
}

#[test]
fn the_full_call_sets_every_optional_parameter_and_media_calls_take_their_own_method() {
    let api = api(PETS, SCHEMAS);
    let op = &api.operations[0];
    let calls = Calls::new(&api, "pets");
    let full = calls.call(op, Variant::Full);
    assert!(
        full.ends_with(
            "\n    .tags([\"a\", \"b\"])\n    .since(\"2024-01-31T12:00:00Z\".parse::<pets::chrono::DateTime<pets::chrono::Utc>>()?)"
        ),
        "{full}"
    );
    assert_eq!(
        Variant::all(op),
        [Variant::Required, Variant::Full, Variant::Media(0)]
    );
    let media = calls.call(op, Variant::Media(0));
    // The body is required: its other media type is a client method of its own.
    assert_eq!(media, "client\n    .put_pet_text(\"p1\", \"example\")");
    assert_eq!(Variant::Media(0).label(op), "media:text/plain");
}

#[test]
fn the_doc_example_authenticates_and_is_laid_out() {
    let api = api(PETS, SCHEMAS);
    let example = doc_example(&api, &api.operations[0], "pets");
    assert!(
        example.starts_with(
            "```no_run\n# async fn example() -> Result<(), Box<dyn std::error::Error>> {\nlet client = pets::Client::builder().key(std::env::var(\"API_KEY\")?).build()?;\nlet response = client\n    .put_pet(\n        \"p1\",\n        pets::models::Pet {\n"
        ),
        "{example}"
    );
    assert!(example.ends_with("# Ok(())\n# }\n```"), "{example}");
}

#[test]
fn strings_cannot_close_the_code_block() {
    assert_eq!(super::lit("a```b\"c"), "\"a\\u{60}\\u{60}\\u{60}b\\\"c\"");
    let value = serde_json::json!({"k`": [1, null, "x\u{1}"]});
    assert_eq!(
        super::json_tokens(&value),
        "{\"k\\u{60}\": [1, null, \"x\\u{1}\"]}"
    );
}
