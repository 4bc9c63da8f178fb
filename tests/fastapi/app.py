"""A small pet clinic in FastAPI: the shapes FastAPI and Pydantic write into an OpenAPI 3.1
spec, served for real. `cargo xtask fastapi` exports its spec, generates the Rust client from
it and runs tests/fastapi/roundtrip.rs against this application under uvicorn on loopback.

Shapes: models with optional (`str | None = None`) and nullable required fields, a string enum,
a literal (`const`), a discriminated union and a plain one, lists and maps, path, query and
header parameters, a form post, a file upload, a 204, and the 422 validation error body.
State lives in memory and is bounded."""

from enum import Enum
from typing import Annotated, Literal, Union

from fastapi import FastAPI, File, Form, Header, HTTPException, Query, Response, UploadFile
from pydantic import BaseModel, Field

app = FastAPI(title="Pet Clinic", version="1.0.0", summary="Pets, their visits and their photos.")

MAX_PETS = 1000


class Species(str, Enum):
    cat = "cat"
    dog = "dog"
    parrot = "parrot"


class Cat(BaseModel):
    kind: Literal["cat"] = "cat"
    indoor: bool


class Dog(BaseModel):
    kind: Literal["dog"] = "dog"
    good_boy: bool = True


class PetIn(BaseModel):
    """A pet as the clinic registers it."""

    name: str = Field(min_length=1, max_length=50, examples=["Rex"])
    species: Species
    age: int | None = Field(default=None, ge=0, description="Years; unknown if left out.")
    owner: str | None = Field(description="Whoever brings the pet; `null` for a stray.")
    tags: list[str] = []
    details: Annotated[Union[Cat, Dog], Field(discriminator="kind")] | None = None
    weight: float | int | None = None


class Pet(PetIn):
    """A registered pet."""

    id: int
    visits: dict[str, int] = {}


class Visit(BaseModel):
    reason: str
    urgent: bool = False


class Photo(BaseModel):
    pet_id: int
    filename: str
    size: int
    content_type: str | None


PETS: dict[int, Pet] = {}


@app.post("/pets", status_code=201, tags=["pets"])
def create_pet(pet: PetIn, x_request_id: Annotated[str | None, Header()] = None) -> Pet:
    """Registers a pet."""
    if len(PETS) >= MAX_PETS:
        raise HTTPException(status_code=507, detail="the clinic is full")
    created = Pet(id=len(PETS) + 1, **pet.model_dump())
    if x_request_id is not None:
        created.visits["request:" + x_request_id] = 0
    PETS[created.id] = created
    return created


@app.get("/pets", tags=["pets"])
def list_pets(
    species: Species | None = None,
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
    tag: Annotated[list[str], Query()] = [],
) -> list[Pet]:
    """Lists pets, optionally of one species and carrying every tag given."""
    found = [
        p
        for p in PETS.values()
        if (species is None or p.species == species) and all(t in p.tags for t in tag)
    ]
    return found[:limit]


@app.get("/pets/{pet_id}", tags=["pets"])
def get_pet(pet_id: int) -> Pet:
    """One pet."""
    if pet_id not in PETS:
        raise HTTPException(status_code=404, detail="no such pet")
    return PETS[pet_id]


@app.delete("/pets/{pet_id}", status_code=204, tags=["pets"])
def delete_pet(pet_id: int) -> Response:
    """Removes a pet."""
    PETS.pop(pet_id, None)
    return Response(status_code=204)


@app.post("/pets/{pet_id}/visits", tags=["visits"])
def add_visit(pet_id: int, reason: Annotated[str, Form()], urgent: Annotated[bool, Form()] = False) -> Visit:
    """Books a visit, sent as a form."""
    if pet_id not in PETS:
        raise HTTPException(status_code=404, detail="no such pet")
    pet = PETS[pet_id]
    pet.visits[reason] = pet.visits.get(reason, 0) + 1
    return Visit(reason=reason, urgent=urgent)


@app.put("/pets/{pet_id}/photo", tags=["photos"])
async def upload_photo(pet_id: int, photo: Annotated[UploadFile, File()]) -> Photo:
    """Uploads a photo of the pet."""
    data = await photo.read(1 << 20)
    return Photo(pet_id=pet_id, filename=photo.filename or "", size=len(data), content_type=photo.content_type)


@app.get("/species/{species}/count", tags=["pets"])
def count_species(species: Species) -> dict[str, int]:
    """How many pets of a species."""
    return {species.value: sum(1 for p in PETS.values() if p.species == species)}
