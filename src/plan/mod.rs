//! The compiled plan: metadata, layouts and options turned once into an
//! immutable decision table that is applied to any number of records.

mod compile;
mod error;

use std::collections::HashMap;

pub use error::{CompileError, Problem};

use crate::metadata::{FieldsMeta, Layouts};
use crate::module::Module;
use crate::options::Options;
use crate::rules::Reason;
use crate::rules::custom::Excluded;

/// How a field's value is copied.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Shape {
    /// Copied as it is, less `$` keys.
    Plain,
    /// A list of linking rows whose own `id`s go.
    Linking,
    /// Subform rows, cloned with the subform plan at this index.
    Subform(usize),
}

/// What the rules decided for one field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct CompiledField {
    /// Why the parent's value is not copied; `None` copies it.
    pub(crate) copy: Option<Reason>,
    /// Why an override of the field is refused; `None` accepts it.
    pub(crate) refusal: Option<Reason>,
    pub(crate) shape: Shape,
    /// Whether the field is unique (its parent value is kept for §6.4).
    pub(crate) unique: bool,
    /// Whether the field is system-mandatory or required by some layout.
    pub(crate) maybe_mandatory: bool,
    /// The field's position in its level's metadata.
    pub(crate) index: usize,
}

/// Field names to decisions: a fast hash, as the keys come from metadata.
pub(crate) type FieldMap<V> = HashMap<String, V, foldhash::fast::RandomState>;

/// The rules of one level: the record, or one subform's rows.
#[derive(Debug, Clone)]
pub(crate) struct LevelPlan {
    /// The level's metadata; `None` for subform rows without metadata.
    pub(crate) meta: Option<FieldsMeta>,
    pub(crate) fields: FieldMap<CompiledField>,
    /// Rule 11 names, for rows without metadata (with metadata they are
    /// compiled into `fields`).
    pub(crate) excluded: Excluded,
}

/// The plan of one subform field.
#[derive(Debug, Clone)]
pub(crate) struct SubformPlan {
    /// The subform field's `api_name` in the parent.
    pub(crate) field: String,
    /// The subform module, when the metadata names one.
    pub(crate) module: Option<String>,
    pub(crate) rows: LevelPlan,
}

/// A compiled clone plan: immutable, `Send + Sync`, cheap to share.
///
/// Build one with [`Plan::builder`], then call [`Plan::apply`] or
/// [`Plan::apply_with_report`] for each parent record.
#[derive(Debug, Clone)]
pub struct Plan {
    pub(crate) module: Module,
    pub(crate) record: LevelPlan,
    pub(crate) subforms: Vec<SubformPlan>,
    pub(crate) layouts: Option<Layouts>,
    pub(crate) options: Options,
}

/// A plan that validates Insert Records bodies and clones nothing; see
/// [`PlanBuilder::compile_validator`].
#[derive(Debug, Clone)]
pub struct Validator {
    pub(crate) plan: Plan,
}

impl Validator {
    /// The module whose bodies are validated.
    #[must_use]
    pub fn module(&self) -> &Module {
        &self.plan.module
    }
}

/// Gathers what a [`Plan`] is compiled from.
#[derive(Debug, Clone)]
#[must_use]
pub struct PlanBuilder {
    module: String,
    fields: FieldsMeta,
    subforms: Vec<(String, FieldsMeta)>,
    layouts: Option<Layouts>,
    options: Options,
}

impl Plan {
    /// Starts a plan for `module` (its API name) with its field metadata.
    pub fn builder(module: impl Into<String>, fields: FieldsMeta) -> PlanBuilder {
        PlanBuilder {
            module: module.into(),
            fields,
            subforms: Vec::new(),
            layouts: None,
            options: Options::default(),
        }
    }

    /// The module the plan clones records of.
    #[must_use]
    pub fn module(&self) -> &Module {
        &self.module
    }

    /// The options the plan was compiled with.
    #[must_use]
    pub fn options(&self) -> &Options {
        &self.options
    }

    /// The module's field metadata.
    #[must_use]
    pub fn fields(&self) -> &FieldsMeta {
        // The record level always has metadata; the default never shows.
        static EMPTY: std::sync::OnceLock<FieldsMeta> = std::sync::OnceLock::new();
        self.record
            .meta
            .as_ref()
            .unwrap_or_else(|| EMPTY.get_or_init(FieldsMeta::default))
    }

    pub(crate) fn subform(&self, index: usize) -> &SubformPlan {
        &self.subforms[index]
    }
}

impl PlanBuilder {
    /// Adds the metadata of a subform module, by the subform module's name
    /// (`associated_module.module`) or the subform field's `api_name`.
    pub fn subform(mut self, name: impl Into<String>, fields: FieldsMeta) -> Self {
        self.subforms.push((name.into(), fields));
        self
    }

    /// Sets the module's layouts (needed for Appointments, and for
    /// layout-required fields).
    pub fn layouts(mut self, layouts: Layouts) -> Self {
        self.layouts = Some(layouts);
        self
    }

    /// Sets the options.
    pub fn options(mut self, options: Options) -> Self {
        self.options = options;
        self
    }

    /// Compiles the plan, checking the whole configuration at once.
    ///
    /// # Errors
    ///
    /// [`CompileError`] listing every problem: a module that cannot be
    /// cloned, subform metadata for no subform, Appointments without an
    /// "Appointment Information" section, an exclusion naming no field.
    pub fn compile(self) -> Result<Plan, CompileError> {
        compile::compile(self, compile::Purpose::Clone)
    }

    /// Compiles a plan that only validates Insert Records bodies
    /// ([`Validator::validate_insert`]); the clone-only configuration
    /// (Appointments layouts) is not needed.
    ///
    /// # Errors
    ///
    /// [`CompileError`] as for [`PlanBuilder::compile`], less the problems
    /// that concern cloning only.
    pub fn compile_validator(self) -> Result<Validator, CompileError> {
        compile::compile(self, compile::Purpose::Validate).map(|plan| Validator { plan })
    }
}

/// The plan is shared across threads by design.
const _: () = {
    const fn assert_send_sync<T: Send + Sync>() {}
    assert_send_sync::<Plan>();
    assert_send_sync::<Validator>();
};
