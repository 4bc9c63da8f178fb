//! Pagination: an `offset` parameter and a page of `data: [..]` with `next_page.offset`.

use super::Lowerer;
use crate::ir::model::*;

impl<'a> Lowerer<'a> {
    /// The pagination shape of an operation, if it has one.
    pub(super) fn detect_pagination(
        &self,
        params: &[Param],
        response: &Response,
    ) -> Option<Pagination> {
        let offset = params.iter().find(|p| {
            p.wire_name == "offset" && p.location == ParamLocation::Query && !p.required
        })?;
        let limit = params
            .iter()
            .find(|p| p.wire_name == "limit" && p.location == ParamLocation::Query && !p.required);
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
        let next_def = self.types.get(next_name)?;
        let next_struct = match &next_def.kind {
            TypeKind::Struct(s) => s,
            TypeKind::Alias(TypeRef::Named(target)) => match &self.types.get(target)?.kind {
                TypeKind::Struct(s) => s,
                _ => return None,
            },
            _ => return None,
        };
        let offset_field = next_struct
            .fields
            .iter()
            .find(|f| f.wire_name == "offset" && f.ty == TypeRef::String)?;
        Some(Pagination {
            page_type: page.clone(),
            item: (**item).clone(),
            items_field: items.name.clone(),
            next_field: next.name.clone(),
            offset_field: offset_field.name.clone(),
            offset_param: offset.name.clone(),
            limit_param: limit.map(|l| l.name.clone()),
            max_limit: limit.and_then(|l| l.bounds.1),
        })
    }
}
