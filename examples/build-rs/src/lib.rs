//! A crate whose build script generates the client of a spec checked in beside it
//! (`openapi.yaml`) as one of its modules, with `client_gen::Build`.

/// The client of the Notes API, generated from `openapi.yaml` by the build script.
pub mod api {
    include!(concat!(env!("OUT_DIR"), "/api.rs"));
}
