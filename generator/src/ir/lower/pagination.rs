//! Pagination: an `offset` query parameter and a page of `data: [..]` with `next_page.offset`.

use super::Lowerer;
use crate::ir::model::*;

/// The page size a stream asks for when the `limit` parameter states no maximum.
const DEFAULT_PAGE_SIZE: i64 = 100;

impl<'a> Lowerer<'a> {
    /// The pagination shape of an operation, if it has one.
    pub(super) fn detect_pagination(
        &self,
        params: &[Param],
        response: &Response,
    ) -> Option<Pagination> {
        let query = |wire: &str| {
            params
                .iter()
                .find(|p| p.wire_name == wire && p.location == ParamLocation::Query)
        };
        let offset = query("offset")?;
        let Response::Json {
            ty: TypeRef::Named(page),
            envelope: None,
        } = response
        else {
            return None;
        };
        let TypeKind::Struct(page_struct) = &self.types.get(page)?.kind else {
            return None;
        };
        let items = page_struct.fields.iter().find(|f| f.wire_name == "data")?;
        let TypeRef::Vec(item) = &items.ty else {
            return None;
        };
        let next = page_struct
            .fields
            .iter()
            .find(|f| f.wire_name == "next_page")?;
        let TypeRef::Named(next_name) = &next.ty else {
            return None;
        };
        let next_struct = match &self.types.get(next_name)?.kind {
            TypeKind::Struct(s) => s,
            TypeKind::Alias(TypeRef::Named(target)) => match &self.types.get(target)?.kind {
                TypeKind::Struct(s) => s,
                _ => return None,
            },
            _ => return None,
        };
        let next_offset = next_struct
            .fields
            .iter()
            .find(|f| f.wire_name == "offset" && f.ty == TypeRef::String)?;
        let page_field = |f: &Field| PageField {
            name: f.name.clone(),
            presence: f.presence,
        };
        Some(Pagination {
            page_type: page.clone(),
            item: (**item).clone(),
            items: page_field(items),
            next_page: page_field(next),
            next_offset: page_field(next_offset),
            offset_param: offset.wire_name.clone(),
            offset_required: offset.required,
            page_size: query("limit").filter(|l| !l.required).map(page_size),
            gate: Gate::Always,
        })
    }
}

/// The largest page the `limit` parameter allows, or the default raised to its minimum.
fn page_size(limit: &Param) -> PageSize {
    let (minimum, maximum) = limit.bounds;
    PageSize {
        param: limit.wire_name.clone(),
        size: maximum
            .unwrap_or_else(|| minimum.map_or(DEFAULT_PAGE_SIZE, |m| m.max(DEFAULT_PAGE_SIZE))),
        is_maximum: maximum.is_some(),
    }
}

#[cfg(test)]
mod tests {
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

    #[test]
    fn a_required_offset_and_required_page_fields_still_page() {
        let text = "openapi: 3.0.0
info: {title: t, version: '1'}
paths:
  /things:
    get:
      operationId: listThings
      parameters:
        - {name: offset, in: query, required: true, schema: {type: string}}
        - {name: limit, in: query, required: true, schema: {type: integer}}
      responses:
        '200':
          description: A page.
          content:
            application/json:
              schema:
                type: object
                required: [data, next_page]
                properties:
                  data: {type: array, items: {type: string}}
                  next_page:
                    type: object
                    required: [offset]
                    properties: {offset: {type: string}}
";
        let api =
            crate::ir::lower(&serde_yaml::from_str(text).unwrap(), &Default::default()).unwrap();
        let p = api.operations[0].pagination.clone().expect("it pages");
        let field = |name: &str| PageField {
            name: name.into(),
            presence: Presence::Required,
        };
        assert_eq!(
            p,
            Pagination {
                page_type: "ListThingsResponse".into(),
                item: TypeRef::String,
                items: field("data"),
                next_page: field("next_page"),
                next_offset: field("offset"),
                offset_param: "offset".into(),
                offset_required: true,
                // A required limit is the caller's: the stream sets none.
                page_size: None,
                gate: Gate::Always,
            }
        );
    }
}
