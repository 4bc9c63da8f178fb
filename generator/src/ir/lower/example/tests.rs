use crate::ir::{ExampleValue as V, Operation};

/// The operations of a spec with these `paths` and `components`.
fn operations(paths: &str, components: &str) -> Vec<Operation> {
    let spec = format!(
        "openapi: 3.0.0\ninfo: {{title: t, version: '1'}}\npaths:\n{paths}\ncomponents:\n{components}"
    );
    crate::build_ir("x.yaml", &spec)
        .unwrap_or_else(|e| panic!("{e}"))
        .operations
}

fn s(text: &str) -> V {
    V::String(text.into())
}

#[test]
fn parameters_take_the_spec_example_when_it_fits_and_a_valid_value_otherwise() {
    let ops = operations(
        r#"  /items/{id}:
    get:
      operationId: getItem
      parameters:
        - {name: id, in: path, required: true, schema: {type: string}, example: abc-123}
        - {name: when, in: query, required: true, schema: {type: string, format: date-time}, example: yesterday}
        - {name: mail, in: query, schema: {type: string, format: email}}
        - {name: limit, in: query, schema: {type: integer, minimum: 10, maximum: 20}}
        - {name: ratio, in: query, schema: {type: number, maximum: 0.5}}
        - {name: kind, in: query, schema: {type: string, enum: [big, small]}, examples: {a: {value: small}}}
        - {name: code, in: query, schema: {type: string, minLength: 9, maxLength: 9}}
        - {name: ids, in: query, schema: {type: array, items: {type: string, format: uuid}}}
      responses: {'204': {description: done}}"#,
        "  schemas: {}",
    );
    let values = &ops[0].example.params;
    assert_eq!(values[0], s("abc-123"));
    // `yesterday` is no date-time: a valid one is made.
    assert_eq!(values[1], s("2024-01-31T12:00:00Z"));
    assert_eq!(values[2], s("user@example.com"));
    assert_eq!(values[3], V::Integer(10));
    assert_eq!(values[4], V::Number("0.5".into()));
    assert_eq!(values[5], V::Variant("Small".into()));
    assert_eq!(values[6], s("examplexx"));
    assert_eq!(
        values[7],
        V::Array(vec![s("3fa85f64-5717-4562-b3fc-2c963f66afa6"); 2])
    );
}

#[test]
fn bodies_keep_the_fields_of_the_example_that_fit_and_make_the_required_rest() {
    let ops = operations(
        r#"  /pets:
    post:
      operationId: addPet
      requestBody:
        required: true
        content:
          application/json:
            schema: {$ref: '#/components/schemas/Pet'}
            example: {name: Rex, age: old, tag: dog}
          text/plain:
            schema: {type: string}
      responses: {'204': {description: done}}"#,
        r#"  schemas:
    Pet:
      type: object
      required: [name, age, kind, owner]
      properties:
        name: {type: string}
        age: {type: integer, minimum: 1}
        tag: {type: string}
        note: {type: string, example: unused}
        kind: {$ref: '#/components/schemas/Kind'}
        owner: {type: object, nullable: true, required: [id], properties: {id: {type: integer, example: 7}}}
    Kind: {type: string, enum: [cat, dog]}"#,
    );
    let bodies = &ops[0].example.bodies;
    assert_eq!(
        bodies[0],
        V::Struct(vec![
            ("name".into(), s("Rex")),
            // `old` is no integer: the made value respects the minimum.
            ("age".into(), V::Integer(1)),
            ("tag".into(), s("dog")),
            ("kind".into(), V::Variant("Cat".into())),
            (
                "owner".into(),
                V::Struct(vec![("id".into(), V::Integer(7))])
            ),
        ])
    );
    assert_eq!(bodies[1], s("example"));
}

#[test]
fn recursion_and_unions_are_bounded_and_take_the_branch_that_fits() {
    let ops = operations(
        r#"  /nodes:
    put:
      operationId: putNode
      requestBody:
        required: true
        content:
          application/json:
            schema: {$ref: '#/components/schemas/Node'}
      responses: {'204': {description: done}}
  /shapes:
    put:
      operationId: putShape
      requestBody:
        required: true
        content:
          application/json:
            schema: {$ref: '#/components/schemas/Shape'}
            example: {radius: 2}
      responses: {'204': {description: done}}"#,
        r#"  schemas:
    Node:
      type: object
      required: [children]
      properties:
        children: {type: array, items: {$ref: '#/components/schemas/Node'}}
    Square: {type: object, required: [side], properties: {side: {type: integer}}}
    Circle: {type: object, required: [radius], properties: {radius: {type: integer}}}
    Shape: {oneOf: [{$ref: '#/components/schemas/Square'}, {$ref: '#/components/schemas/Circle'}]}"#,
    );
    // Nesting stops: the deepest node has an array of made nodes no deeper than the bound.
    fn depth(value: &V) -> usize {
        match value {
            V::Struct(fields) => 1 + fields.iter().map(|(_, v)| depth(v)).max().unwrap_or(0),
            V::Array(items) => items.iter().map(depth).max().unwrap_or(0),
            _ => 0,
        }
    }
    let node = &ops[0].example.bodies[0];
    assert!(depth(node) > 1 && depth(node) < 12, "{node:?}");
    let shape = &ops[1].example.bodies[0];
    let V::Union(variant, value) = shape else {
        panic!("{shape:?}")
    };
    assert_eq!(
        (variant.as_str(), &**value),
        ("Circle", &V::Struct(vec![("radius".into(), V::Integer(2))]))
    );
}

#[test]
fn a_required_form_or_upload_with_nothing_required_shows_every_field_it_may_send() {
    let ops = operations(
        r#"  /uploads:
    post:
      operationId: upload
      requestBody:
        required: true
        content:
          multipart/form-data:
            schema:
              type: object
              properties:
                media: {type: string, format: binary}
                note: {type: string}
                id: {type: string, readOnly: true}
      responses: {'204': {description: done}}
  /notes:
    post:
      operationId: addNote
      requestBody:
        content:
          application/x-www-form-urlencoded:
            schema:
              type: object
              properties:
                note: {type: string}
      responses: {'204': {description: done}}"#,
        "  schemas: {}",
    );
    let example = |id: &str| {
        let op = ops.iter().find(|op| op.id == id);
        op.map(|op| op.example.bodies[0].clone())
            .unwrap_or_else(|| panic!("no operation {id}"))
    };
    let V::Struct(fields) = example("upload") else {
        panic!("{:?}", example("upload"));
    };
    let names: Vec<&str> = fields.iter().map(|(name, _)| name.as_str()).collect();
    // An empty multipart body would be no body: the file and the note are sent, not the id.
    assert_eq!(names, ["media", "note"]);
    // A body the operation may go without stays as small as it can be.
    assert_eq!(example("addNote"), V::Struct(Vec::new()));
}

#[test]
fn a_number_whose_format_is_an_integers_takes_a_whole_one() {
    let ops = operations(
        r#"  /changes:
    get:
      operationId: listChanges
      parameters:
        - {name: start, in: query, schema: {type: number, format: int64}}
        - {name: ratio, in: query, schema: {type: number, format: double}}
      responses: {'204': {description: done}}"#,
        "  schemas: {}",
    );
    let values = &ops[0].example.params;
    assert_eq!(values[0], V::Number("1.0".into()));
    assert_eq!(values[1], V::Number("1.5".into()));
}
