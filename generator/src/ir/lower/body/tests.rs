use super::*;

/// The request body of a `POST /x` with this `content`, or the lowering error.
fn body(content: &str) -> std::result::Result<Body, String> {
    let text = format!(
        "openapi: 3.0.0
info: {{title: t, version: '1'}}
paths:
  /x:
    post:
      operationId: postX
      requestBody:
        required: true
        content: {content}
      responses:
        '204': {{description: done}}
"
    );
    crate::ir::lower(&serde_yaml::from_str(&text).unwrap(), &Default::default())
        .map(|api| api.operations[0].body.clone().expect("a body"))
        .map_err(|e| format!("{}: {}", e.pointer, e.message))
}

#[test]
fn a_multipart_field_that_may_be_null_is_one_that_may_be_absent() {
    let text = "openapi: 3.0.0
info: {title: t, version: '1'}
paths:
  /x:
    post:
      requestBody:
        content:
          multipart/form-data:
            schema:
              type: object
              required: [kept]
              properties:
                note: {type: string, nullable: true}
                kept: {type: string, nullable: true}
      responses:
        '204': {description: done}
";
    let api = crate::ir::lower(&serde_yaml::from_str(text).unwrap(), &Default::default()).unwrap();
    let Some(TypeKind::Struct(s)) = api.types.first().map(|t| &t.kind) else {
        panic!("{:?}", api.types)
    };
    let presences: Vec<Presence> = s.fields.iter().map(|f| f.presence).collect();
    assert_eq!(presences, [Presence::Optional, Presence::RequiredNullable]);
    let body = api.operations[0].body.as_ref().unwrap();
    let BodyEncoding::Multipart { fields, .. } = &body.primary.encoding else {
        panic!("{body:?}")
    };
    let optional: Vec<bool> = fields.iter().map(|f| f.optional).collect();
    assert_eq!(optional, [true, true]);
}

#[test]
fn json_is_the_primary_body_and_the_rest_are_alternatives_in_spec_order() {
    let body = body(
            "{application/x-www-form-urlencoded: {schema: {type: object, properties: {a: {type: string}}}},
              application/json: {schema: {type: object, properties: {a: {type: string}}}},
              application/octet-stream: {},
              text/plain: {}}",
        )
        .unwrap();
    assert_eq!(
        body.primary.encoding,
        BodyEncoding::Json(TypeRef::Named("PostXBody".into()))
    );
    let alternatives: Vec<(&str, &BodyEncoding, &str)> = body
        .alternatives
        .iter()
        .map(|a| {
            (
                a.setter.as_str(),
                &a.content.encoding,
                a.content.content_type.as_str(),
            )
        })
        .collect();
    assert_eq!(
        alternatives,
        [
            (
                "body_form",
                &BodyEncoding::Form {
                    ty: TypeRef::Named("PostXBody".into()),
                    styles: vec![],
                    json: vec![],
                    untyped_others: None,
                },
                "application/x-www-form-urlencoded"
            ),
            (
                "body_bytes",
                &BodyEncoding::Bytes {
                    pattern: false,
                    untyped: None
                },
                "application/octet-stream"
            ),
            ("body_text", &BodyEncoding::Text, "text/plain"),
        ],
        "the same inline schema is one type"
    );
}

#[test]
fn bodies_without_json_take_their_first_type() {
    let image = body("{image/*: {schema: {type: string, format: binary}}}").unwrap();
    assert_eq!(
        image.primary.encoding,
        BodyEncoding::Bytes {
            pattern: true,
            untyped: None
        }
    );
    assert_eq!(image.primary.content_type, "application/octet-stream");
    assert!(image.alternatives.is_empty());
    let patch = body("{application/merge-patch+json: {schema: {type: object}}}").unwrap();
    assert_eq!(patch.primary.content_type, "application/merge-patch+json");
    let charset = body("{'application/json; charset=utf-8': {}}").unwrap();
    assert_eq!(charset.primary.content_type, "application/json");
    assert_eq!(charset.primary.encoding, BodyEncoding::Json(TypeRef::Json));
    let raw_form = body("{application/x-www-form-urlencoded: {}}").unwrap();
    assert_eq!(
        raw_form.primary.encoding,
        BodyEncoding::Bytes {
            pattern: false,
            untyped: None
        }
    );
}

#[test]
fn a_further_media_type_the_client_cannot_encode_takes_the_body_encoded() {
    let order =
        "{type: object, properties: {address: {type: object, properties: {city: {type: string}}}}}";
    let body = body(&format!(
        "{{application/json: {{schema: {order}}},
              application/x-www-form-urlencoded: {{schema: {order}}},
              multipart/form-data: {{schema: {{type: string}}}}}}"
    ))
    .unwrap();
    let encodings: Vec<&BodyEncoding> = body
        .alternatives
        .iter()
        .map(|alt| &alt.content.encoding)
        .collect();
    assert_eq!(
        encodings,
        [
            &BodyEncoding::Form {
                ty: TypeRef::Named("PostXBody".into()),
                styles: vec![],
                json: vec![],
                untyped_others: None,
            },
            &BodyEncoding::Bytes {
                pattern: false,
                untyped: Some(
                    "its schema is not an object; name the boundary with \
                         `Payload::with_content_type`"
                        .to_owned()
                ),
            },
        ],
        "a form nests objects as a query would"
    );
    let string_form = body_of_form("{type: string}");
    assert!(
        matches!(
            string_form.primary.encoding,
            BodyEncoding::Bytes {
                untyped: Some(_),
                ..
            }
        ),
        "{string_form:?}"
    );
}

fn body_of_form(schema: &str) -> Body {
    body(&format!(
        "{{application/x-www-form-urlencoded: {{schema: {schema}}}}}"
    ))
    .unwrap()
}

#[test]
fn several_byte_media_types_are_one_body_whose_caller_names_the_type() {
    let body =
        body("{application/json: {}, image/png: {}, image/jpeg: {}, application/pdf: {}}").unwrap();
    assert_eq!(body.alternatives.len(), 1);
    let alt = &body.alternatives[0];
    assert_eq!(alt.setter, "body_bytes");
    assert_eq!(
        alt.content.media_type,
        "image/png, image/jpeg, application/pdf"
    );
    assert_eq!(alt.content.content_type, "image/png");
    assert_eq!(
        alt.content.encoding,
        BodyEncoding::Bytes {
            pattern: true,
            untyped: None
        }
    );
}

#[test]
fn a_required_body_in_other_media_types_gets_a_method_for_each() {
    let spec = "
openapi: 3.0.0
info: {title: t, version: '1'}
paths:
  /jobs:
    post:
      operationId: submitJob
      requestBody:
        required: true
        content:
          application/json: {schema: {type: object, required: [media_url], properties: {media_url: {type: string}}}}
          multipart/form-data: {schema: {type: object, properties: {media: {type: string, format: binary}}}}
      responses:
        '204': {description: done}
    put:
      operationId: submitJobMultipart
      requestBody:
        content:
          application/json: {schema: {type: object}}
          text/plain: {schema: {type: string}}
      responses:
        '204': {description: done}
";
    let api = crate::build_ir("t.yaml", spec).unwrap_or_else(|e| panic!("{e}"));
    let methods = |id: &str| {
        let op = api.operations.iter().find(|op| op.id == id).unwrap();
        let body = op.body.as_ref().unwrap();
        let alternatives: Vec<Option<&str>> = body
            .alternatives
            .iter()
            .map(|alt| alt.method.as_deref())
            .collect();
        (op.fn_name.as_str(), alternatives)
    };
    // The `put` is lowered first (a path's operations go in the order of OpenAPI's
    // fields) and keeps its name; the method of the other media type takes another.
    assert_eq!(
        methods("submitJob"),
        ("submit_job", vec![Some("submit_job_multipart_2")])
    );
    // An optional body keeps its setters.
    assert_eq!(
        methods("submitJobMultipart"),
        ("submit_job_multipart", vec![None])
    );
}

#[test]
fn untyped_members_beyond_a_form_bodys_properties_go_as_json_text() {
    let form = |schema: &str| {
        let spec = format!(
            "openapi: 3.0.0\ninfo: {{title: t, version: '1'}}\npaths:\n  /x:\n    post:\n      requestBody:\n        content:\n          application/x-www-form-urlencoded:\n            schema: {schema}\n      responses:\n        '204': {{description: done}}\n"
        );
        let api = crate::build_ir("t.yaml", &spec).unwrap_or_else(|e| panic!("{e}"));
        match api.operations[0].body.as_ref().map(|b| &b.primary.encoding) {
            Some(BodyEncoding::Form { untyped_others, .. }) => untyped_others.clone(),
            other => panic!("{other:?}"),
        }
    };
    // A map of any values (`{}` or `true`): every member.
    assert_eq!(
        form("{type: object, additionalProperties: {}}"),
        Some(vec![])
    );
    assert_eq!(
        form("{type: object, additionalProperties: true}"),
        Some(vec![])
    );
    // Other properties of no type beside typed ones, which keep their style; an untyped
    // property is JSON text already.
    assert_eq!(
        form(
            "{type: object, properties: {name: {type: string}, meta: {}}, additionalProperties: {}}"
        ),
        Some(vec!["name".to_owned()])
    );
    // Typed values explode as before.
    assert_eq!(
        form("{type: object, additionalProperties: {type: string}}"),
        None
    );
}

#[test]
fn untyped_form_properties_go_as_json_text_unless_their_encoding_names_a_style() {
    let spec = "
openapi: 3.0.0
info: {title: t, version: '1'}
paths:
  /x:
    post:
      requestBody:
        content:
          application/x-www-form-urlencoded:
            schema:
              type: object
              properties:
                Name: {type: string}
                Parameters: {description: Any value.}
                Options: {type: object, properties: {dry_run: {type: boolean}}}
                Styled: {}
                Extra: {}
            encoding:
              Styled: {style: deepObject}
              Extra: {contentType: application/json}
      responses:
        '204': {description: done}
";
    let api = crate::build_ir("t.yaml", spec).unwrap_or_else(|e| panic!("{e}"));
    let Some(BodyEncoding::Form { styles, json, .. }) =
        api.operations[0].body.as_ref().map(|b| &b.primary.encoding)
    else {
        panic!("{:?}", api.operations[0].body);
    };
    assert_eq!(json, &["Parameters", "Extra"]);
    assert_eq!(styles.len(), 1, "{styles:?}");
    assert_eq!(styles[0].property, "Styled");
}

#[test]
fn form_properties_take_their_encoding_style_with_the_default_explode() {
    let spec = "openapi: 3.0.0
info: {title: t, version: '1'}
paths:
  /x:
    post:
      requestBody:
        content:
          application/x-www-form-urlencoded:
            schema:
              type: object
              properties:
                expand: {type: array, items: {type: string}}
                metadata: {type: object, additionalProperties: {type: string}}
                tags: {type: array, items: {type: string}}
                ids: {type: array, items: {type: integer}}
                rows: {type: array, items: {type: object, properties: {a: {type: string}}}}
                file: {type: string, format: binary}
            encoding:
              expand: {style: deepObject, explode: true}
              metadata: {style: deepObject}
              tags: {style: form}
              ids: {style: pipeDelimited}
      responses:
        '204': {description: done}
";
    let api = crate::build_ir("t.yaml", spec).unwrap_or_else(|e| panic!("{e}"));
    let Some(BodyEncoding::Form { styles, .. }) =
        api.operations[0].body.as_ref().map(|b| &b.primary.encoding)
    else {
        panic!("{:?}", api.operations[0].body);
    };
    let style = |property: &str, style, explode| FormStyle {
        property: property.into(),
        style,
        explode,
    };
    assert_eq!(
        styles,
        &[
            style("expand", StyleName::DeepObject, true),
            style("metadata", StyleName::DeepObject, true),
            style("ids", StyleName::PipeDelimited, false),
        ],
        "`tags` is the default, form exploded"
    );
}
