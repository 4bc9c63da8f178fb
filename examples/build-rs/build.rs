//! Generates the client of `openapi.yaml` as the module `crate::api`, into `OUT_DIR`.

fn main() {
    client_gen::Build::new("openapi.yaml")
        .crate_module("api")
        .run()
        .unwrap_or_else(|error| panic!("{error}"));
}
