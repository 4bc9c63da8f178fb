//! The Rust client generated from the OpenAPI 3.1 spec FastAPI exports for tests/fastapi/app.py,
//! run against that application itself: every operation called, every response decoded, the
//! validation error typed.
//!
//! Not a test of this workspace: `cargo xtask fastapi` copies it into the crate it generates and
//! runs it with `FASTAPI_URL` naming the server it started on loopback.

use pet_clinic::models::{
    BodyAddVisitPetsPetIdVisitsPost, BodyUploadPhotoPetsPetIdPhotoPut, Cat, Dog, PetIn,
    PetInDetails, PetInWeight, PetWeight, Species, ValidationErrorLocItem,
};
use pet_clinic::runtime::{Patch, Upload};
use pet_clinic::{Client, Error};

fn client() -> Client {
    let url = std::env::var("FASTAPI_URL")
        .expect("FASTAPI_URL names the application's server: run `cargo xtask fastapi`");
    Client::builder()
        .base_url(url)
        .build()
        .expect("a client for the application")
}

fn dog(name: &str) -> PetIn {
    PetIn {
        name: name.to_owned(),
        species: Species::Dog,
        age: Patch::Value(3),
        owner: Some("Ada".to_owned()),
        tags: Some(vec!["vaccinated".to_owned()]),
        details: Patch::Value(PetInDetails::Dog(Box::new(Dog {
            kind: Some(pet_clinic::models::DogKind::Dog),
            good_boy: Some(true),
        }))),
        weight: Patch::Value(PetInWeight::Number(12.5)),
    }
}

#[tokio::test]
async fn every_operation_round_trips() {
    let client = client();

    // A JSON body with a header parameter; every kind of field set.
    let rex = client
        .create_pet(dog("Rex"))
        .x_request_id("r-1")
        .send()
        .await
        .expect("Rex is registered");
    assert_eq!(rex.name, "Rex");
    assert_eq!(rex.species, Species::Dog);
    assert_eq!(rex.age, Patch::Value(3));
    assert_eq!(rex.owner.as_deref(), Some("Ada"));
    assert_eq!(rex.weight, Patch::Value(PetWeight::Number(12.5)));
    assert!(
        matches!(&rex.details, Patch::Value(pet_clinic::models::PetDetails::Dog(d)) if d.good_boy == Some(true)),
        "{:?}",
        rex.details
    );
    assert_eq!(
        rex.visits.as_ref().and_then(|v| v.get("request:r-1")),
        Some(&0),
        "the header reached the server"
    );

    // A required nullable field sent as null, optional ones left out: the server's defaults
    // come back as null, told apart from absent.
    let stray = client
        .create_pet(PetIn {
            name: "Tom".into(),
            species: Species::Cat,
            age: Patch::Absent,
            owner: None,
            tags: None,
            details: Patch::Value(PetInDetails::Cat(Box::new(Cat {
                kind: Some(pet_clinic::models::CatKind::Cat),
                indoor: false,
            }))),
            weight: Patch::Null,
        })
        .send()
        .await
        .expect("the stray is registered");
    assert_eq!(stray.owner, None);
    assert!(stray.age.is_null(), "{:?}", stray.age);
    assert!(stray.weight.is_null(), "{:?}", stray.weight);
    assert!(
        matches!(&stray.details, Patch::Value(pet_clinic::models::PetDetails::Cat(c)) if !c.indoor),
        "{:?}",
        stray.details
    );

    // A path parameter, then query parameters: an enum, an integer, a repeated list.
    let again = client.get_pet(rex.id).send().await.expect("Rex is found");
    assert_eq!(again, rex);
    let cats = client
        .list_pets()
        .species(Species::Cat)
        .limit(10)
        .send()
        .await
        .expect("the cats");
    assert!(cats.iter().any(|p| p.id == stray.id));
    assert!(cats.iter().all(|p| p.species == Species::Cat));
    let tagged = client
        .list_pets()
        .tag(vec!["vaccinated".to_owned()])
        .send()
        .await
        .expect("the vaccinated");
    assert!(tagged.iter().any(|p| p.id == rex.id));
    assert!(tagged.iter().all(|p| p.id != stray.id));

    // A form body.
    let visit = client
        .add_visit(
            rex.id,
            BodyAddVisitPetsPetIdVisitsPost {
                reason: "check-up & shots".into(),
                urgent: Some(true),
            },
        )
        .send()
        .await
        .expect("the visit is booked");
    assert_eq!(visit.reason, "check-up & shots");
    assert_eq!(visit.urgent, Some(true));

    // A multipart file upload.
    let bytes: Vec<u8> = (0..=255).cycle().take(5000).collect();
    let photo = client
        .upload_photo(
            rex.id,
            BodyUploadPhotoPetsPetIdPhotoPut {
                photo: Upload::new("rex.png", bytes).with_content_type("image/png"),
            },
        )
        .send()
        .await
        .expect("the photo is uploaded");
    assert_eq!(photo.pet_id, rex.id);
    assert_eq!(photo.filename, "rex.png");
    assert_eq!(photo.size, 5000);
    assert_eq!(photo.content_type.as_deref(), Some("image/png"));

    // A map response.
    let counts = client
        .count_species(Species::Dog)
        .send()
        .await
        .expect("the count");
    assert!(counts.get("dog").is_some_and(|n| *n >= 1), "{counts:?}");

    // A 204, then a 404 whose body is not the declared error model.
    client
        .delete_pet(rex.id)
        .send()
        .await
        .expect("Rex is removed");
    let gone = client
        .get_pet(rex.id)
        .send()
        .await
        .expect_err("Rex is gone");
    assert_eq!(gone.status().map(|s| s.as_u16()), Some(404), "{gone:?}");
}

#[tokio::test]
async fn a_validation_error_is_typed() {
    let error = client()
        .create_pet(dog(""))
        .send()
        .await
        .expect_err("an empty name is refused");
    let Error::Api(api) = error else {
        panic!("an error status, not {error:?}");
    };
    assert_eq!(api.status.as_u16(), 422);
    let body = api
        .body
        .expect("the 422 body decodes as HTTPValidationError");
    let detail = body.detail.expect("FastAPI lists what failed");
    let failure = detail.first().expect("one failure");
    assert_eq!(
        failure.loc,
        [
            ValidationErrorLocItem::String("body".into()),
            ValidationErrorLocItem::String("name".into())
        ]
    );
    assert_eq!(failure.r#type, "string_too_short");
}
