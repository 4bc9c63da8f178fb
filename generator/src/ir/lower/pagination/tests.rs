//! Which operations page, in which shape and why: each rule and extension on a small spec, and
//! the near misses each rule must not take.

use super::*;
use crate::ir::sample;

#[test]
fn page_size_is_the_maximum_or_the_default_within_the_bounds() {
    let limit = |bounds| Param {
        bounds,
        ..sample::param("limit", ParamLocation::Query, TypeRef::I64)
    };
    let size = |bounds| {
        let s = page_size(&limit(bounds));
        (s.size, s.is_maximum)
    };
    assert_eq!(size((Some(1), Some(50))), (50, true));
    assert_eq!(size((Some(1), None)), (100, false));
    assert_eq!(size((Some(500), None)), (500, false));
    assert_eq!(size((None, None)), (100, false));
}

/// The pagination of the only operation of a spec of one `GET /things`, with these
/// parameters (YAML flow sequences), response schema and operation extensions.
fn paging(params: &str, schema: &str, extra: &str) -> Option<Pagination> {
    let text = format!(
        "openapi: 3.0.0
info: {{title: t, version: '1'}}
paths:
  /things:
    get:
      operationId: listThings
      parameters: {params}
{extra}
      responses:
        '200':
          description: A page.
          content:
            application/json:
              schema: {schema}
"
    );
    let api = crate::ir::lower(&serde_yaml::from_str(&text).unwrap(), &Default::default())
        .unwrap_or_else(|err| panic!("{err:?}\n{text}"));
    api.operations[0].pagination.clone()
}

fn field(name: &str, presence: Presence) -> PageField {
    PageField {
        name: name.into(),
        presence,
    }
}

const THINGS: &str = "{type: array, items: {type: string}}";

#[test]
fn a_required_offset_and_required_page_fields_still_page() {
    let p = paging(
        "[{name: offset, in: query, required: true, schema: {type: string}},
         {name: limit, in: query, required: true, schema: {type: integer}}]",
        &format!(
            "{{type: object, required: [data, next_page], properties: {{data: {THINGS},
             next_page: {{type: object, required: [offset], properties: {{offset: {{type: string}}}}}}}}}}"
        ),
        "",
    )
    .expect("it pages");
    let required = |name: &str| field(name, Presence::Required);
    assert_eq!(
        p,
        Pagination {
            page_type: Some("ListThingsResponse".into()),
            item: TypeRef::String,
            items: vec![required("data")],
            next: PageNext::Token {
                path: vec![required("next_page"), required("offset")],
                ty: TypeRef::String,
                more: None,
            },
            request: PageRequest::Token {
                param: "offset".into(),
                required: true,
            },
            // A required limit is the caller's: the stream sets none.
            page_size: None,
            reason: PageReason::Recognised(PageRule::NextPageOffset),
            gate: Gate::Always,
        }
    );
}

/// Every operation of a fixture spec, by id, with its shape and why it pages (`None`: it does
/// not).
fn shapes(text: &str) -> Vec<(String, Option<(PageShape, PageReason)>)> {
    let api = crate::ir::lower(&serde_yaml::from_str(text).unwrap(), &Default::default()).unwrap();
    api.operations
        .iter()
        .map(|op| {
            let paging = op.pagination.as_ref().map(|p| (p.shape(), p.reason));
            (op.id.clone(), paging)
        })
        .collect()
}

#[test]
fn each_shape_is_declared_or_recognised_in_the_fixtures() {
    use PageExtension::*;
    use PageReason::{Declared, Recognised};
    use PageShape::*;
    let all = [
        include_str!("../../../../../tests/fixtures/specs/pagination_cursors.yaml"),
        include_str!("../../../../../tests/fixtures/specs/pagination_counted.yaml"),
        include_str!("../../../../../tests/fixtures/specs/pagination_links.yaml"),
        include_str!("../../../../../tests/fixtures/specs/pagination_near_misses.yaml"),
    ]
    .into_iter()
    .flat_map(shapes)
    .collect::<Vec<_>>();
    let of = |id: &str| {
        all.iter()
            .find(|(op, _)| op == id)
            .unwrap_or_else(|| panic!("no operation {id}"))
            .1
    };
    let recognised = |shape, rule| Some((shape, Recognised(rule)));
    let declared = |shape, extension| Some((shape, Declared(extension)));
    assert_eq!(
        of("listConversations"),
        recognised(Cursor, PageRule::BodyToken)
    );
    assert_eq!(of("listEvents"), recognised(Cursor, PageRule::BodyToken));
    assert_eq!(
        of("listCustomers"),
        recognised(Cursor, PageRule::LastItemId)
    );
    assert_eq!(
        of("searchCustomers"),
        recognised(Cursor, PageRule::BodyToken)
    );
    assert_eq!(of("listInstances"), declared(Cursor, Dropshot));
    assert_eq!(of("listMovies"), declared(Cursor, Fern));
    assert_eq!(of("listSongs"), declared(Cursor, Speakeasy));
    assert_eq!(of("listRecords"), recognised(Offset, PageRule::Offset));
    assert_eq!(
        of("listArticles"),
        recognised(PageNumber, PageRule::PageNumber)
    );
    assert_eq!(of("listTags"), recognised(PageNumber, PageRule::PageNumber));
    assert_eq!(
        of("listContracts"),
        recognised(PageNumber, PageRule::PageNumber)
    );
    assert_eq!(of("ListAnalyzers"), recognised(Cursor, PageRule::BodyToken));
    assert_eq!(
        of("listAnswers"),
        recognised(PageNumber, PageRule::PageNumber)
    );
    assert_eq!(
        of("listCategories"),
        recognised(PageNumber, PageRule::PageNumber)
    );
    assert_eq!(of("listInvoices"), declared(Offset, Speakeasy));
    assert_eq!(of("listPlants"), declared(PageNumber, Fern));
    assert_eq!(of("listUsers"), declared(NextUrl, MsPageable));
    assert_eq!(of("listSnippets"), recognised(NextUrl, PageRule::NextUrl));
    assert_eq!(of("listOrders"), recognised(NextUrl, PageRule::NextUrl));
    assert_eq!(of("listAlbums"), declared(NextUrl, Speakeasy));
    assert_eq!(
        of("issues/list-for-repo"),
        recognised(LinkHeader, PageRule::LinkHeader)
    );
    for near_miss in [
        "listLabels",
        "listVersions",
        "listVaults",
        "listNotes",
        "listFeeds",
        "listPosts",
        "ListTables",
    ] {
        assert_eq!(of(near_miss), None, "{near_miss} pages");
    }
}

#[test]
fn a_declaration_naming_what_the_response_lacks_is_left_to_the_rules() {
    // `nextLinkName` names no field: not honoured; and nothing else pages.
    let declared = paging(
        "[]",
        &format!("{{type: object, properties: {{value: {THINGS}}}}}"),
        "      x-ms-pageable: {nextLinkName: nextLink}",
    );
    assert_eq!(declared, None);
    // Speakeasy's cursor input names no parameter of the operation: the rules find the cursor.
    let fallback = paging(
        "[{name: cursor, in: query, schema: {type: string}}]",
        &format!("{{type: object, properties: {{data: {THINGS}, next_cursor: {{type: string}}}}}}"),
        "      x-speakeasy-pagination: {type: cursor, inputs: [{name: since, in: parameters, type: cursor}], outputs: {nextCursor: $.next_cursor, results: $.data}}",
    )
    .expect("it pages");
    assert_eq!(fallback.reason, PageReason::Recognised(PageRule::BodyToken));
}

#[test]
fn json_paths_are_plain_dotted_names() {
    use super::declared::json_path;
    assert_eq!(json_path("$.a.b", "$"), Some(vec!["a".into(), "b".into()]));
    assert_eq!(json_path("$", "$"), Some(vec![]));
    assert_eq!(
        json_path("$response.next", "$response"),
        Some(vec!["next".into()])
    );
    assert_eq!(json_path("$.a[0]", "$"), None);
    assert_eq!(json_path("$..a", "$"), None);
    assert_eq!(json_path("$request.x", "$response"), None);
}

#[test]
fn a_holder_that_is_no_object_does_not_hide_the_token_beside_it() {
    let p = paging(
        "[{name: page_token, in: query, schema: {type: string}}]",
        &format!(
            "{{type: object, properties: {{items: {THINGS}, meta: {{type: string}},
             next_page_token: {{type: string}}}}}}"
        ),
        "",
    )
    .expect("it pages");
    assert_eq!(p.reason, PageReason::Recognised(PageRule::BodyToken));
    assert_eq!(
        p.next,
        PageNext::Token {
            path: vec![field("next_page_token", Presence::Optional)],
            ty: TypeRef::String,
            more: None,
        }
    );
}

#[test]
fn a_count_of_pages_ends_page_numbers_where_it_is_an_integer() {
    let page = "[{name: page, in: query, schema: {type: integer}}]";
    let counted = |count: &str| {
        paging(
            page,
            &format!(
                "{{type: object, required: [data], properties: {{data: {THINGS},
                 pagination: {{type: object, required: [total_pages], properties: {{total_pages: {count}}}}}}}}}"
            ),
            "",
        )
        .expect("it pages")
        .next
    };
    assert_eq!(
        counted("{type: integer, format: int32}"),
        PageNext::PageCount {
            path: vec![
                field("pagination", Presence::Optional),
                field("total_pages", Presence::Required)
            ],
            ty: TypeRef::I32,
        }
    );
    // A `total_pages` that is no number counts nothing: pages until one is empty.
    assert_eq!(counted("{type: string}"), PageNext::Unstated);
    // A flag saying more follow comes first.
    let flagged = paging(
        page,
        &format!(
            "{{type: object, properties: {{data: {THINGS}, has_more: {{type: boolean}}, totalPages: {{type: integer}}}}}}"
        ),
        "",
    )
    .expect("it pages");
    assert_eq!(
        flagged.next,
        PageNext::Flag {
            more: vec![field("has_more", Presence::Optional)]
        }
    );
}

#[test]
fn lists_and_tokens_are_seen_through_aliases() {
    let text = "openapi: 3.0.0
info: {title: t, version: '1'}
paths:
  /things:
    get:
      operationId: listThings
      parameters: [{name: NextToken, in: query, schema: {type: string}}]
      responses:
        '200':
          description: A page.
          content:
            application/json:
              schema:
                type: object
                properties:
                  Things: {allOf: [{$ref: '#/components/schemas/ThingList'}, {description: Things.}]}
                  NextToken: {$ref: '#/components/schemas/Token'}
components:
  schemas:
    ThingList: {type: array, items: {type: string}}
    Token: {type: string}
";
    let api = crate::ir::lower(&serde_yaml::from_str(text).unwrap(), &Default::default()).unwrap();
    let p = api.operations[0].pagination.clone().expect("it pages");
    assert_eq!(p.item, TypeRef::String);
    assert_eq!(p.items, vec![field("things", Presence::Optional)]);
    assert_eq!(
        p.next,
        PageNext::Token {
            path: vec![field("next_token", Presence::Optional)],
            ty: TypeRef::String,
            more: None,
        }
    );
}

#[test]
fn a_token_the_request_body_repeats_is_not_sent_in_the_query() {
    let text = |body_field: &str| {
        format!(
            "openapi: 3.0.0
info: {{title: t, version: '1'}}
paths:
  /things:
    post:
      operationId: listThings
      parameters: [{{name: NextToken, in: query, schema: {{type: string}}}}]
      requestBody:
        content:
          application/json:
            schema: {{type: object, properties: {{{body_field}: {{type: string}}, Limit: {{type: integer}}}}}}
      responses:
        '200':
          description: A page.
          content:
            application/json:
              schema: {{type: object, properties: {{Things: {THINGS}, NextToken: {{type: string}}}}}}
"
        )
    };
    let pages = |text: &str| {
        crate::ir::lower(&serde_yaml::from_str(text).unwrap(), &Default::default())
            .unwrap()
            .operations[0]
            .pagination
            .is_some()
    };
    assert!(!pages(&text("NextToken")));
    assert!(!pages(&text("next_token")));
    // A body that does not carry the token leaves the query parameter as the only way.
    assert!(pages(&text("Filter")));
}

#[test]
fn a_page_number_may_be_a_json_number_but_not_a_string() {
    let list = "{type: array, items: {type: string}}";
    let page = |ty: &str| {
        paging(
            &format!("[{{name: page, in: query, schema: {{type: {ty}}}}}]"),
            list,
            "",
        )
        .map(|p| (p.shape(), p.request))
    };
    let numbered = Some((
        PageShape::PageNumber,
        PageRequest::Number {
            param: "page".into(),
            required: false,
            first: 1,
        },
    ));
    assert_eq!(page("number"), numbered);
    assert_eq!(page("integer"), numbered);
    assert_eq!(page("string"), None);
}

#[test]
fn a_response_that_is_an_alias_of_a_list_is_a_page_as_it_is() {
    let text = "openapi: 3.0.0
info: {title: t, version: '1'}
paths:
  /things:
    get:
      operationId: listThings
      parameters: [{name: page, in: query, schema: {type: integer}}]
      responses:
        '200':
          description: A page.
          content:
            '*/*':
              schema: {$ref: '#/components/schemas/Things'}
components:
  schemas:
    Things: {type: array, items: {type: string}}
";
    let api = crate::ir::lower(&serde_yaml::from_str(text).unwrap(), &Default::default()).unwrap();
    let p = api.operations[0].pagination.clone().expect("it pages");
    assert_eq!(p.shape(), PageShape::PageNumber);
    assert_eq!(
        (p.page_type, p.item, p.items),
        (None, TypeRef::String, vec![])
    );
}
