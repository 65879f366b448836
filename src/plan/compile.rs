use std::collections::HashSet;

use crate::metadata::{FieldsMeta, Layouts};
use crate::module::Module;
use crate::options::Options;
use crate::rules::custom::{Excluded, split_path};
use crate::rules::section::SectionFields;
use crate::rules::{Level, copy_decision, override_refusal};
use crate::validate::scope;

use super::error::CompileError;
use super::{CompiledField, FieldMap, LevelPlan, Plan, PlanBuilder, Problem, Shape, SubformPlan};

/// What the plan is for: validating only needs no clone-only configuration
/// (the Appointments section filter).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Purpose {
    Clone,
    Validate,
}

pub(super) fn compile(builder: PlanBuilder, purpose: Purpose) -> Result<Plan, CompileError> {
    let PlanBuilder {
        module: name,
        fields,
        subforms: supplied,
        layouts,
        options,
    } = builder;

    // A scope or module error is Zoho's request-level answer, scope first:
    // nothing else matters.
    let module = Module::resolve(&name, !fields.is_empty()).map_err(|reason| {
        let problem = if scope::allows_unknown_module(&options, &name) {
            Problem::InvalidModule {
                module: name.clone(),
                reason,
            }
        } else {
            Problem::ScopeMismatch {
                module: name.clone(),
            }
        };
        CompileError::new(vec![problem])
    })?;

    let mut problems = Vec::new();
    let section_fields = match purpose {
        Purpose::Clone => section_fields(&module, layouts.as_ref(), &mut problems),
        Purpose::Validate => None,
    };
    let mut subforms = subform_plans(&module, &fields, supplied, &mut problems);
    let record_excluded = exclusions(&module, &fields, &mut subforms, &options, &mut problems);
    check_known_unique_values(&module, &fields, &options, &mut problems);
    if !problems.is_empty() {
        return Err(CompileError::new(problems));
    }

    let none = HashSet::new();
    for subform in &mut subforms {
        compile_level(&mut subform.rows, Level::Row, &options, &[], &none);
    }
    let mut record = LevelPlan {
        meta: Some(fields),
        fields: FieldMap::default(),
        excluded: record_excluded,
    };
    let level = Level::Record {
        module: &module,
        section_fields: section_fields.as_ref(),
    };
    let layout_required = layout_required(layouts.as_ref());
    compile_level(&mut record, level, &options, &subforms, &layout_required);
    Ok(Plan {
        module,
        record,
        subforms,
        layouts,
        options,
    })
}

/// Rule 10's field set, for modules that have the section filter.
fn section_fields(
    module: &Module,
    layouts: Option<&crate::metadata::Layouts>,
    problems: &mut Vec<Problem>,
) -> Option<SectionFields> {
    if !module.has_section_filter() {
        return None;
    }
    let found = layouts.and_then(SectionFields::from_layouts);
    if found.is_none() {
        problems.push(Problem::MissingAppointmentSection {
            module: module.api_name().to_owned(),
            layouts_given: layouts.is_some(),
        });
    }
    found
}

/// One plan per subform field, each given the metadata supplied for it.
fn subform_plans(
    module: &Module,
    fields: &FieldsMeta,
    supplied: Vec<(String, FieldsMeta)>,
    problems: &mut Vec<Problem>,
) -> Vec<SubformPlan> {
    let mut plans: Vec<SubformPlan> = fields
        .iter()
        .filter(|field| field.data_type.is_subform())
        .map(|field| SubformPlan {
            field: field.api_name.clone(),
            module: field.subform_module.clone(),
            rows: LevelPlan {
                meta: None,
                fields: FieldMap::default(),
                excluded: Excluded::default(),
            },
        })
        .collect();
    for (name, meta) in supplied {
        // The subform module's name first; the field's api_name for metadata
        // (such as v2 line items) that names no module.
        let found = plans
            .iter()
            .position(|plan| plan.module.as_deref() == Some(name.as_str()))
            .or_else(|| plans.iter().position(|plan| plan.field == name));
        match found {
            Some(index) if plans[index].rows.meta.is_some() => {
                problems.push(Problem::DuplicateSubform { name });
            }
            Some(index) => plans[index].rows.meta = Some(meta),
            None => problems.push(Problem::UnknownSubform {
                name,
                module: module.api_name().to_owned(),
            }),
        }
    }
    plans
}

/// Rule 11's names, checked against the metadata: the record's set is
/// returned, each subform's is stored in its plan.
fn exclusions(
    module: &Module,
    fields: &FieldsMeta,
    subforms: &mut [SubformPlan],
    options: &Options,
    problems: &mut Vec<Problem>,
) -> Excluded {
    let mut record = Excluded::default();
    for path in &options.exclude {
        let unknown = |level: &str| Problem::UnknownExclusion {
            path: path.clone(),
            level: level.to_owned(),
        };
        match split_path(path) {
            None => problems.push(Problem::MalformedExclusion { path: path.clone() }),
            Some((None, name)) => match find_field(fields, name) {
                Some(api_name) => record.insert(&api_name),
                None => problems.push(unknown(module.api_name())),
            },
            Some((Some(subform), name)) => {
                let plan = subforms.iter_mut().find(|plan| {
                    plan.field.eq_ignore_ascii_case(subform)
                        || plan
                            .module
                            .as_deref()
                            .is_some_and(|m| m.eq_ignore_ascii_case(subform))
                });
                let Some(plan) = plan else {
                    problems.push(unknown(module.api_name()));
                    continue;
                };
                // Rows without metadata cannot be checked: the name applies as given.
                match plan.rows.meta.as_ref().map(|meta| find_field(meta, name)) {
                    None => plan.rows.excluded.insert(name),
                    Some(Some(api_name)) => plan.rows.excluded.insert(&api_name),
                    Some(None) => problems.push(unknown(&plan.field)),
                }
            }
        }
    }
    record
}

/// Known unique values must name a unique field, or the check they ask for
/// would silently not happen.
fn check_known_unique_values(
    module: &Module,
    fields: &FieldsMeta,
    options: &Options,
    problems: &mut Vec<Problem>,
) {
    let mut named: Vec<&String> = options.known_unique_values.keys().collect();
    named.sort();
    for field in named {
        if fields.get(field).is_none_or(|meta| meta.unique.is_none()) {
            problems.push(Problem::UnknownUniqueField {
                field: field.clone(),
                module: module.api_name().to_owned(),
            });
        }
    }
}

fn find_field(fields: &FieldsMeta, name: &str) -> Option<String> {
    fields
        .iter()
        .find(|field| field.api_name.eq_ignore_ascii_case(name))
        .map(|field| field.api_name.clone())
}

/// Every field some layout marks `required`.
fn layout_required(layouts: Option<&Layouts>) -> HashSet<String> {
    let layouts = layouts.into_iter().flat_map(Layouts::iter);
    layouts
        .flat_map(|layout| layout.required_fields().map(str::to_owned))
        .collect()
}

/// Decides every field of one level.
fn compile_level(
    level_plan: &mut LevelPlan,
    level: Level<'_>,
    options: &Options,
    subforms: &[SubformPlan],
    layout_required: &HashSet<String>,
) {
    let Some(meta) = &level_plan.meta else {
        return;
    };
    let mut compiled =
        FieldMap::with_capacity_and_hasher(meta.len(), foldhash::fast::RandomState::default());
    for (index, field) in meta.iter().enumerate() {
        let shape = if field.data_type.is_linking_list() {
            Shape::Linking
        } else if let Some(index) = subforms.iter().position(|s| s.field == field.api_name) {
            Shape::Subform(index)
        } else {
            Shape::Plain
        };
        let decision = CompiledField {
            copy: copy_decision(field, level, options, &level_plan.excluded),
            refusal: override_refusal(field),
            shape,
            unique: field.unique.is_some(),
            maybe_mandatory: field.system_mandatory || layout_required.contains(&field.api_name),
            index,
        };
        compiled.insert(field.api_name.clone(), decision);
    }
    level_plan.fields = compiled;
}
