use super::*;

const LOG: &str = "\
[1:00:00 AM] › [CLI] ▶  start     Prism is listening on http://127.0.0.1:4010
[1:00:00 AM] › [HTTP SERVER] get /conformance-ready ℹ  info      Request received
[1:00:01 AM] › [HTTP SERVER] get /items/abc ℹ  info      Request received
[1:00:01 AM] ›     [VALIDATOR] ✔  success   The request passed the validation rules. Looking for the best response
[1:00:01 AM] ›     [VALIDATOR] ⚠  warning   Violation: response.body Response body property id must be integer
[1:00:02 AM] › [HTTP SERVER] post /items ℹ  info      Request received
[1:00:02 AM] ›     [VALIDATOR] ✖  error     Violation: request.body Request body must have required property 'name'
[1:00:03 AM] › [HTTP SERVER] get /items ℹ  info      Request received
";

fn call(line: &str) -> Call {
    Call::parse(line).unwrap_or_else(|| panic!("{line}"))
}

#[test]
fn calls_are_classified_and_failures_prism_blames_on_the_spec_are_counted_apart() {
    let calls = vec![
        call(
            "call\tgetItem\trequired\tnot-decoded\t200\tid: invalid type: string \"x\", expected i64",
        ),
        call(
            "call\taddItem\trequired\trejected\t422\t[{\"location\":[\"request\",\"body\"],\"severity\":\"Error\",\"code\":\"required\",\"message\":\"must have required property 'name'\"}]",
        ),
        call("call\taddItem\tfull\texample-error\t\tinput contains invalid characters"),
        call("call\tlistItems\trequired\tok\t\t"),
    ];
    assert_eq!(calls[0].status, Some(200));
    assert_eq!(Call::parse("running 3 tests"), None);
    let report = SpecReport::new("api/items.json", 3, calls, LOG);
    assert_eq!(report.problem, None);
    assert_eq!(
        report.blamed,
        [
            Some(Attribution::Spec(
                "response.body Response body property id must be integer".to_owned()
            )),
            None,
            None,
            None
        ]
    );
    assert_eq!(
        report.counts(),
        Counts {
            operations: 3,
            calls: 4,
            counted: 3,
            accepted: 1,
            succeeded: 1,
            decoded: 1,
            spec_blamed: 1,
            prism_limited: 0,
        }
    );
    let reasons: Vec<String> = report.failures().collect();
    assert_eq!(
        reasons,
        [
            "rejected 422: request.body: must have required property `…`",
            "example-error: input contains invalid characters"
        ]
    );
    let table = table(std::slice::from_ref(&report));
    assert!(
        table.contains(
            "api/items.json      3      4         1/3 33.3 %        1/1 100.0 %            1              0"
        ),
        "{table}"
    );
    let text = super::reasons(&[report]);
    assert!(text.contains("blamed on the specs' own examples and responses: 1\n  api/items.json getItem (required): response.body"), "{text}");
}

#[test]
fn a_log_that_does_not_match_the_calls_blames_nothing() {
    let calls = vec![call("call\tgetItem\trequired\tnot-decoded\t200\tbad")];
    let report = SpecReport::new("s", 1, calls, LOG);
    assert_eq!(report.blamed, [None]);
    assert!(
        report
            .problem
            .is_some_and(|p| p.contains("Prism logged 3 requests for 1 calls"))
    );
}

#[test]
fn refusals_are_not_accepted_and_other_error_statuses_are() {
    assert!(!call("call\ta\trequired\tstatus\t401\t").accepted());
    assert!(!call("call\ta\trequired\tstatus\t404\t").accepted());
    assert!(call("call\ta\trequired\tstatus\t500\t").accepted());
    assert!(!call("call\ta\trequired\ttimeout\t\t").accepted());
}

#[test]
fn cargo_messages_give_each_driver_or_its_first_error() {
    let messages = [
        r#"{"reason":"compiler-artifact","package_id":"path+file:///t/a/driver#conformance-a-driver@0.0.0","target":{"kind":["bin"]},"executable":"/t/target/debug/conformance-a-driver"}"#,
        r#"{"reason":"compiler-message","package_id":"path+file:///t/b/conformance-b#0.1.0","message":{"level":"error","rendered":"error[E0308]: mismatched types\n --> src/lib.rs:1:1"}}"#,
        "not json",
    ]
    .join("\n");
    let built = read_build(&messages);
    assert_eq!(
        built["conformance-a"],
        Ok(PathBuf::from("/t/target/debug/conformance-a-driver"))
    );
    assert_eq!(
        built["conformance-b"],
        Err("conformance-b: error[E0308]: mismatched types\n --> src/lib.rs:1:1".to_owned())
    );
}

#[test]
fn prism_answers_tell_refusals_from_responses_the_spec_breaks() {
    // A security refusal Prism could not write as the type asked for: a 500, still a refusal.
    let refused = call(
        "call\ta\trequired\tstatus\t500\t[{\"location\":[\"request\"],\"severity\":\"Error\",\"code\":401,\"message\":\"Invalid security scheme used\"}]",
    );
    assert!(!refused.accepted());
    assert_eq!(refused.spec_blame(), None);
    assert_eq!(
        refused.reason(),
        "status 500: request: Invalid security scheme used"
    );
    // Prism's own response, made from the spec's example, breaks the spec's schema.
    let broken = call(
        "call\tb\trequired\tstatus\t500\t[{\"location\":[\"response\",\"body\",\"data\"],\"severity\":\"Error\",\"code\":\"format\",\"message\":\"must match format \\\"date\\\"\"}]",
    );
    assert!(broken.accepted());
    assert_eq!(
        broken.spec_blame().as_deref(),
        Some("response.body.data: must match format \"date\"")
    );
    // Without an answer to read, the log's end of a validated request tells the same.
    let log = "\
[1:00:01 AM] › [HTTP SERVER] delete /bookings/x ℹ  info      Request received
[1:00:01 AM] ›     [VALIDATOR] ✔  success   The request passed the validation rules. Looking for the best response
[1:00:01 AM] › [HTTP SERVER] delete /bookings/x ✖  error     Request terminated with error: https://stoplight.io/prism/errors#VIOLATIONS: Request/Response not valid
[1:00:02 AM] › [HTTP SERVER] post /bookings ℹ  info      Request received
[1:00:02 AM] ›     [VALIDATOR] ✖  error     Violation: request.body Request body must have required property 'name'
[1:00:02 AM] › [HTTP SERVER] post /bookings ✖  error     Request terminated with error: https://stoplight.io/prism/errors#VIOLATIONS: Request/Response not valid
";
    let calls = vec![
        call("call\tdeleteBooking\trequired\tstatus\t500\tTimeout"),
        call("call\taddBooking\trequired\tstatus\t500\tTimeout"),
    ];
    let report = SpecReport::new("s", 2, calls, log);
    assert_eq!(
        report.blamed,
        [
            Some(Attribution::Spec(
                "the response Prism made from the spec violates it".to_owned()
            )),
            None
        ]
    );
}

#[test]
fn calls_cut_off_when_prism_exits_are_not_the_clients() {
    let calls = vec![
        call("call\ta\trequired\tok\t\t"),
        call("call\tb\trequired\ttransport\t\tConnect refused"),
    ];
    let log = "[1:00:01 AM] › [HTTP SERVER] get /a ℹ  info      Request received\n";
    let mut report = SpecReport::new("s", 2, calls, log);
    report.prism_exited();
    assert_eq!(
        report.blamed,
        [
            None,
            Some(Attribution::Spec(
                "Prism exited while serving the spec".to_owned()
            ))
        ]
    );
    assert_eq!(report.counts().accepted, 1);
    assert_eq!(report.counts().counted, 1);
    assert!(
        report
            .problem
            .is_some_and(|p| p.starts_with("Prism exited during the run"))
    );
}

#[test]
fn what_prism_cannot_parse_or_produce_is_counted_apart_from_the_client_and_the_spec() {
    // XML and `text/json` bodies Prism validates as text: "must be object" says nothing of
    // the body sent.
    let body = "[{\"location\":[\"request\",\"body\"],\"severity\":\"Error\",\"code\":\"type\",\"message\":\"Request body must be object\"}]";
    for media_type in [
        "text/json",
        "application/xml",
        "text/xml",
        "application/atom+xml",
    ] {
        let sent = call(&format!(
            "call\taddItem\tmedia:{media_type}\trejected\t400\t{body}"
        ));
        assert_eq!(
            sent.prism_limit(),
            Some(format!(
                "Prism does not parse `{media_type}` bodies: it validated the text as a string"
            ))
        );
    }
    // The same violation for JSON, or for a property of the body, is the client's.
    for line in [
        format!("call\taddItem\tmedia:application/json\trejected\t400\t{body}"),
        format!("call\taddItem\tfull\trejected\t400\t{body}"),
        "call\taddItem\tmedia:text/xml\trejected\t400\t[{\"location\":[\"request\",\"body\",\"name\"],\"severity\":\"Error\",\"code\":\"type\",\"message\":\"Request body property name must be string\"}]".to_owned(),
    ] {
        assert_eq!(call(&line).prism_limit(), None, "{line}");
    }
    // A JSON part of a multipart body, read as text; a string part of the wrong kind is the
    // client's.
    let part = |at: &str, message: &str| {
        call(&format!(
            "call\tupload\tmedia:multipart/form-data\trejected\t400\t[{{\"location\":[\"request\",\"body\",\"{at}\"],\"severity\":\"Error\",\"code\":\"type\",\"message\":\"{message}\"}}]"
        ))
    };
    assert!(
        part("options", "Request body property options must be object")
            .prism_limit()
            .is_some_and(|text| text.contains("multipart parts as text"))
    );
    assert_eq!(
        part("count", "Request body property count must be integer").prism_limit(),
        None
    );
    // A validated request Prism cannot answer in a type the `Accept` names; a refused one
    // answered 406 stays the client's.
    let log = "\
[1:00:01 AM] › [HTTP SERVER] post /events/delete ℹ  info      Request received
[1:00:01 AM] ›     [VALIDATOR] ✔  success   The request passed the validation rules. Looking for the best response
[1:00:01 AM] ›     [NEGOTIATOR] ⚠  warning   Unable to find content for application/json
[1:00:01 AM] › [HTTP SERVER] post /events/delete ✖  error     Request terminated with error: https://stoplight.io/prism/errors#NOT_ACCEPTABLE: The server cannot produce a representation for your accept header
[1:00:02 AM] › [HTTP SERVER] post /events ℹ  info      Request received
[1:00:02 AM] ›     [VALIDATOR] ✖  error     Violation: request.header Request header must have required property 'accept'
[1:00:02 AM] › [HTTP SERVER] post /events ✖  error     Request terminated with error: https://stoplight.io/prism/errors#NOT_ACCEPTABLE: The server cannot produce a representation for your accept header
[1:00:03 AM] › [HTTP SERVER] post /events ℹ  info      Request received
[1:00:03 AM] ›     [VALIDATOR] ✖  error     Request body must be object
";
    let calls = vec![
        call("call\tdeleteEvents\trequired\tstatus\t406\t{}"),
        call("call\taddEvent\trequired\tstatus\t406\t{}"),
        call(&format!(
            "call\taddEvent\tmedia:text/xml\trejected\t400\t{body}"
        )),
    ];
    let report = SpecReport::new("s", 2, calls, log);
    assert!(
        matches!(&report.blamed[0], Some(Attribution::Prism(text)) if text.contains("passed validation"))
    );
    assert_eq!(report.blamed[1], None);
    let counts = report.counts();
    assert_eq!(
        (counts.counted, counts.prism_limited, counts.spec_blamed),
        (1, 2, 0)
    );
    let text = reasons(&[report]);
    assert!(
        text.contains("not judged: what Prism cannot parse or produce: 2\n  s deleteEvents (required): the request passed validation"),
        "{text}"
    );
}
