//! Strategies that build Zoho-shaped clone cases: field metadata of every
//! data type with random flags, subform metadata, layouts, options, parent
//! records built from that metadata (right and wrong types, `$` keys at
//! depth, falsy values, unicode and long strings, 0 to 150 subform rows,
//! linking rows) and override bodies.
//!
//! A [`Case`] keeps its metadata as a small model ([`FieldSpec`]) that
//! renders to the JSON Zoho sends; the reference interpreter reads the model,
//! the crate reads the JSON.

use clone_rules::{
    CompileError, FieldsMeta, Layouts, Options, Plan, SubformMerge, UniquePolicy, UnknownFields,
};
use proptest::collection::vec;
use proptest::option::weighted;
use proptest::prelude::*;
use proptest::sample::select;
use serde_json::{Map, Value, json};

/// A JSON object.
pub type Object = Map<String, Value>;

// ---------------------------------------------------------------------------
// The model

/// A metadata flag as Zoho may spell it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Flag {
    Absent,
    Null,
    False,
    True,
}

/// The `external` key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum External {
    Absent,
    Null,
    False,
    Object,
}

/// The `operation_type` key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Operations {
    Absent,
    Null,
    WithoutApiCreate,
    ApiCreate(bool),
}

/// The `unique` key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unique {
    Absent,
    Null,
    False,
    Empty,
    /// A non-empty object `{key: on}`.
    Keyed {
        key: &'static str,
        on: bool,
    },
}

/// The `length` key: a number, or the digit string some responses carry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Length {
    Absent,
    Number(u64),
    Digits(u64),
}

impl Length {
    pub fn value(self) -> Option<u64> {
        match self {
            Self::Absent => None,
            Self::Number(n) | Self::Digits(n) => Some(n),
        }
    }
}

/// How a subform field names its subform module.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SubformLink {
    None,
    /// `associated_module.module` (v7/v8).
    Associated(String),
    /// `subform.module` (v2).
    Subform(String),
}

/// The metadata of one field.
#[derive(Debug, Clone)]
pub struct FieldSpec {
    pub api_name: String,
    pub data_type: Option<String>,
    pub json_type: Option<String>,
    pub length: Length,
    pub decimal_place: Option<u64>,
    pub read_only: Flag,
    pub field_read_only: bool,
    pub system_mandatory: Flag,
    pub external: External,
    pub operations: Operations,
    pub unique: Unique,
    pub picklist: Vec<String>,
    pub link: SubformLink,
}

/// The rows metadata of one subform field.
#[derive(Debug, Clone)]
pub struct SubformSpec {
    /// The subform field's `api_name` in the parent.
    pub field: String,
    /// The subform module's name, when the field names one.
    pub module: Option<String>,
    /// The rows' metadata, when the caller supplies it.
    pub meta: Option<Vec<FieldSpec>>,
}

impl SubformSpec {
    /// The name the metadata is supplied under: the module, else the field.
    pub fn supplied_as(&self) -> &str {
        self.module.as_deref().unwrap_or(&self.field)
    }
}

/// One section of a layout.
#[derive(Debug, Clone)]
pub struct SectionSpec {
    pub api_name: Option<String>,
    pub display_label: Option<String>,
    pub name: Option<String>,
    /// Listed fields and whether the layout requires them.
    pub fields: Vec<(String, bool)>,
    /// Whether the section also lists an entry without `api_name`.
    pub separator: bool,
}

/// One layout.
#[derive(Debug, Clone)]
pub struct LayoutSpec {
    pub id: String,
    pub sections: Vec<SectionSpec>,
}

/// The options of a case.
#[derive(Debug, Clone)]
#[allow(clippy::struct_excessive_bools)] // one flag per on/off option of the crate
pub struct OptionSpec {
    pub gdpr: bool,
    pub unknown_keep: bool,
    pub update: bool,
    /// 0 reject, 1 clear, 2 suffix.
    pub unique: u8,
    pub strict_picklists: bool,
    pub exclude: Vec<String>,
    /// Values of a field other records already use.
    pub known: Vec<(String, Vec<Value>)>,
    /// The caller's OAuth scopes, when given.
    pub scopes: Option<Vec<String>>,
}

impl OptionSpec {
    pub fn to_options(&self) -> Options {
        let unique = match self.unique {
            0 => UniquePolicy::Reject,
            1 => UniquePolicy::Clear,
            _ => UniquePolicy::Suffix,
        };
        let unknown = if self.unknown_keep {
            UnknownFields::Keep
        } else {
            UnknownFields::Drop
        };
        let merge = if self.update {
            SubformMerge::Update
        } else {
            SubformMerge::Replace
        };
        let options = Options::default()
            .gdpr(self.gdpr)
            .unknown_fields(unknown)
            .subform_merge(merge)
            .unique(unique)
            .strict_picklists(self.strict_picklists);
        let options = self
            .exclude
            .iter()
            .fold(options, |options, path| options.exclude(path.clone()));
        let options = self.known.iter().fold(options, |options, (field, values)| {
            options.known_unique_values(field.clone(), values.clone())
        });
        match &self.scopes {
            Some(scopes) => options.scopes(scopes.clone()),
            None => options,
        }
    }
}

/// One clone: metadata, layouts, options, parent record and override body.
#[derive(Clone)]
pub struct Case {
    pub module: String,
    /// Top-level fields, subform fields included, in metadata order.
    pub fields: Vec<FieldSpec>,
    pub subforms: Vec<SubformSpec>,
    pub layouts: Option<Vec<LayoutSpec>>,
    pub options: OptionSpec,
    pub parent: Object,
    pub body: Option<Value>,
    /// Whether values were drawn to be wrong as often as right.
    pub chaos: bool,
}

impl Case {
    pub fn fields_json(&self) -> Value {
        fields_document(&self.fields)
    }

    pub fn layouts_json(&self) -> Option<Value> {
        self.layouts
            .as_ref()
            .map(|layouts| layouts_document(layouts))
    }

    /// The parent as a get-record response.
    pub fn parent_response(&self) -> Value {
        json!({ "data": [Value::Object(self.parent.clone())] })
    }

    /// The override's `data[0]`, when the body has exactly one record object.
    pub fn body_record(&self) -> Option<&Object> {
        match self.body.as_ref()?.get("data")? {
            Value::Array(records) if records.len() == 1 => records[0].as_object(),
            _ => None,
        }
    }

    /// Compiles the case's plan, with its own options.
    pub fn compile(&self) -> Result<Plan, CompileError> {
        self.compile_with(self.options.to_options())
    }

    /// Compiles the case's metadata with other options.
    pub fn compile_with(&self, options: Options) -> Result<Plan, CompileError> {
        let fields = FieldsMeta::from_json(&self.fields_json()).expect("generated metadata parses");
        let mut builder = Plan::builder(self.module.clone(), fields).options(options);
        for subform in &self.subforms {
            if let Some(meta) = &subform.meta {
                let rows = FieldsMeta::from_json(&fields_document(meta))
                    .expect("generated subform metadata parses");
                builder = builder.subform(subform.supplied_as(), rows);
            }
        }
        if let Some(layouts) = self.layouts_json() {
            let layouts = Layouts::from_json(&layouts).expect("generated layouts parse");
            builder = builder.layouts(layouts);
        }
        builder.compile()
    }

    /// Compiles the case's plan; generated cases always compile.
    pub fn plan(&self) -> Plan {
        self.compile()
            .unwrap_or_else(|e| panic!("a generated plan must compile: {e}\n{self:#?}"))
    }
}

/// Failing cases print as the JSON documents the crate reads, one a line,
/// ready to paste into a regression test.
impl std::fmt::Debug for Case {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let subforms: Vec<Value> = self
            .subforms
            .iter()
            .map(|s| {
                let fields = s.meta.as_deref().map(fields_document);
                json!({"as": s.supplied_as(), "fields": fields})
            })
            .collect();
        let o = &self.options;
        writeln!(f, "Case {{")?;
        writeln!(f, "  module: {:?}, chaos: {}", self.module, self.chaos)?;
        writeln!(
            f,
            "  options: gdpr={} unknown_keep={} update={} unique={} strict={} exclude={:?}",
            o.gdpr, o.unknown_keep, o.update, o.unique, o.strict_picklists, o.exclude
        )?;
        writeln!(f, "  known: {:?}, scopes: {:?}", o.known, o.scopes)?;
        writeln!(f, "  fields: {}", self.fields_json())?;
        writeln!(f, "  subforms: {}", Value::Array(subforms))?;
        writeln!(f, "  layouts: {}", json!(self.layouts_json()))?;
        writeln!(f, "  parent: {}", Value::Object(self.parent.clone()))?;
        writeln!(f, "  body: {}", json!(self.body))?;
        write!(f, "}}")
    }
}

// ---------------------------------------------------------------------------
// Rendering the model as Zoho JSON

pub fn fields_document(fields: &[FieldSpec]) -> Value {
    let fields: Vec<Value> = fields.iter().map(FieldSpec::to_json).collect();
    json!({ "fields": fields })
}

fn flag_json(flag: Flag) -> Option<Value> {
    match flag {
        Flag::Absent => None,
        Flag::Null => Some(Value::Null),
        Flag::False => Some(json!(false)),
        Flag::True => Some(json!(true)),
    }
}

impl FieldSpec {
    pub fn to_json(&self) -> Value {
        let mut object = Object::new();
        let mut put = |key: &str, value: Option<Value>| {
            if let Some(value) = value {
                object.insert(key.to_owned(), value);
            }
        };
        put("api_name", Some(json!(self.api_name)));
        put(
            "display_label",
            Some(json!(self.api_name.replace('_', " "))),
        );
        put("data_type", self.data_type.as_ref().map(|t| json!(t)));
        put("json_type", self.json_type.as_ref().map(|t| json!(t)));
        put(
            "length",
            match self.length {
                Length::Absent => None,
                Length::Number(n) => Some(json!(n)),
                Length::Digits(n) => Some(json!(n.to_string())),
            },
        );
        put("decimal_place", self.decimal_place.map(|d| json!(d)));
        put("read_only", flag_json(self.read_only));
        put("field_read_only", Some(json!(self.field_read_only)));
        put("system_mandatory", flag_json(self.system_mandatory));
        put("external", external_json(self.external));
        put("operation_type", operations_json(self.operations));
        put("unique", unique_json(self.unique));
        put("pick_list_values", picklist_json(&self.picklist));
        match &self.link {
            SubformLink::None => {}
            SubformLink::Associated(module) => {
                put(
                    "associated_module",
                    Some(json!({"module": module, "id": "1"})),
                );
            }
            SubformLink::Subform(module) => {
                put("subform", Some(json!({"module": module, "id": "2"})));
            }
        }
        put("crypt", Some(Value::Null));
        Value::Object(object)
    }
}

fn external_json(external: External) -> Option<Value> {
    match external {
        External::Absent => None,
        External::Null => Some(Value::Null),
        External::False => Some(json!(false)),
        External::Object => {
            Some(json!({"show": true, "type": "user", "allow_multiple_config": false}))
        }
    }
}

fn operations_json(operations: Operations) -> Option<Value> {
    match operations {
        Operations::Absent => None,
        Operations::Null => Some(Value::Null),
        Operations::WithoutApiCreate => Some(json!({"api_read": true, "api_update": true})),
        Operations::ApiCreate(on) => {
            Some(json!({"api_create": on, "api_update": on, "api_read": true}))
        }
    }
}

fn unique_json(unique: Unique) -> Option<Value> {
    match unique {
        Unique::Absent => None,
        Unique::Null => Some(Value::Null),
        Unique::False => Some(json!(false)),
        Unique::Empty => Some(json!({})),
        Unique::Keyed { key, on } => Some(json!({ key: on })),
    }
}

fn picklist_json(values: &[String]) -> Option<Value> {
    if values.is_empty() {
        return None;
    }
    let entries: Vec<Value> = values
        .iter()
        .enumerate()
        .map(|(i, v)| json!({"display_value": v, "actual_value": v, "id": format!("90{i}")}))
        .collect();
    Some(Value::Array(entries))
}

fn layouts_document(layouts: &[LayoutSpec]) -> Value {
    let layouts: Vec<Value> = layouts
        .iter()
        .map(|layout| {
            let sections: Vec<Value> = layout.sections.iter().map(section_json).collect();
            json!({"id": layout.id, "name": "Standard", "sections": sections})
        })
        .collect();
    json!({ "layouts": layouts })
}

fn section_json(section: &SectionSpec) -> Value {
    let mut fields: Vec<Value> = section
        .fields
        .iter()
        .map(|(name, required)| json!({"api_name": name, "required": required}))
        .collect();
    if section.separator {
        fields.push(json!({"display_label": "separator", "ui_type": 0}));
    }
    let mut object = Object::new();
    for (key, value) in [
        ("api_name", &section.api_name),
        ("display_label", &section.display_label),
        ("name", &section.name),
    ] {
        if let Some(value) = value {
            object.insert(key.to_owned(), json!(value));
        }
    }
    object.insert("fields".to_owned(), Value::Array(fields));
    Value::Object(object)
}

// ---------------------------------------------------------------------------
// Metadata strategies

/// Every data type of spec §6.3 plus the types the rules single out, and
/// two types the crate does not know.
pub const DATA_TYPES: &[&str] = &[
    "text",
    "textarea",
    "phone",
    "picklist",
    "autonumber",
    "website",
    "email",
    "integer",
    "bigint",
    "double",
    "currency",
    "percent",
    "decimal",
    "boolean",
    "date",
    "datetime",
    "multiselectpicklist",
    "lookup",
    "ownerlookup",
    "userlookup",
    "layout",
    "multi_module_lookup",
    "consent_lookup",
    "multiselectlookup",
    "multiuserlookup",
    "multireminder",
    "territories",
    "fileupload",
    "imageupload",
    "formula",
    "rollup_summary",
    "profileimage",
    "RRULE",
    "event_reminder",
];

const JSON_TYPES: &[&str] = &[
    "string",
    "integer",
    "double",
    "boolean",
    "jsonobject",
    "jsonarray",
];

/// Names the rules single out, in several spellings.
const SPECIAL_NAMES: &[&str] = &[
    "Wizard",
    "wizard",
    "Data_Processing_Basis_Details",
    "Created_Time",
    "Modified_By",
    "full_name",
    "Last_Activity_Time",
    "Locked__s",
    "Status",
    "Remind_At",
    "recurring_activity",
    "Unavailable_From",
    "Unavailable_Till",
    "Reschedule_Count",
    "Job_Sheet_Created__s",
    "Layout",
    "Owner",
    "Tag",
    "Record_Image",
    "Email",
    "Last_Name",
    "Company",
    "Parent_Id",
    "_delete",
    "Appointment_Name",
    "id",
    "$approval",
];

const ROW_SPECIAL_NAMES: &[&str] = &[
    "Data_Processing_Basis_Details",
    "Parent_Id",
    "id",
    "Wizard",
    "Created_Time",
    "Status",
    "$editable",
    "_delete",
    "Line_Tax",
];

const SUBFORM_NAMES: &[&str] = &[
    "Languages",
    "Product_Details",
    "Project_Details",
    "Alternate_Address",
];

const MODULES: &[&str] = &[
    "Leads",
    "Contacts",
    "Deals",
    "Events",
    "Services__s",
    "Appointments__s",
    "Quotes",
    "Projects_X",
];

/// The JSON type Zoho gives each data type.
pub fn natural_json_type(data_type: &str) -> Option<&'static str> {
    Some(match data_type {
        "text" | "textarea" | "picklist" | "email" | "phone" | "website" | "date" | "datetime"
        | "autonumber" | "profileimage" | "RRULE" => "string",
        "integer" | "rollup_summary" => "integer",
        "double" | "currency" | "percent" | "decimal" | "formula" => "double",
        "boolean" => "boolean",
        "lookup"
        | "ownerlookup"
        | "userlookup"
        | "layout"
        | "consent_lookup"
        | "multi_module_lookup" => "jsonobject",
        "subform"
        | "lineitem"
        | "multiselectlookup"
        | "multiuserlookup"
        | "multiselectpicklist"
        | "fileupload"
        | "imageupload"
        | "multireminder"
        | "territories"
        | "event_reminder" => "jsonarray",
        _ => return None,
    })
}

fn flag(absent: u32, null: u32, off: u32, on: u32) -> BoxedStrategy<Flag> {
    prop_oneof![
        absent => Just(Flag::Absent),
        null => Just(Flag::Null),
        off => Just(Flag::False),
        on => Just(Flag::True),
    ]
    .boxed()
}

fn external() -> BoxedStrategy<External> {
    prop_oneof![
        4 => Just(External::Absent),
        2 => Just(External::Null),
        1 => Just(External::False),
        1 => Just(External::Object),
    ]
    .boxed()
}

fn operations() -> BoxedStrategy<Operations> {
    prop_oneof![
        2 => Just(Operations::Absent),
        1 => Just(Operations::Null),
        1 => Just(Operations::WithoutApiCreate),
        6 => Just(Operations::ApiCreate(true)),
        2 => Just(Operations::ApiCreate(false)),
    ]
    .boxed()
}

fn unique() -> BoxedStrategy<Unique> {
    prop_oneof![
        5 => Just(Unique::Absent),
        1 => Just(Unique::Null),
        1 => Just(Unique::False),
        3 => Just(Unique::Empty),
        2 => (select(&["case_sensitive", "casesensitive", "other"][..]), any::<bool>())
            .prop_map(|(key, on)| Unique::Keyed { key, on }),
    ]
    .boxed()
}

fn length() -> BoxedStrategy<Length> {
    let sizes = select(&[0_u64, 1, 5, 7, 8, 10, 12, 20, 30, 50, 100, 255, 2000, 32000][..]);
    prop_oneof![
        3 => Just(Length::Absent),
        4 => sizes.clone().prop_map(Length::Number),
        1 => sizes.prop_map(Length::Digits),
    ]
    .boxed()
}

/// How `json_type` relates to the data type.
#[derive(Debug, Clone, Copy)]
enum JsonTypeChoice {
    Natural,
    Absent,
    Other(&'static str),
    Unknown,
}

fn json_type_choice() -> BoxedStrategy<JsonTypeChoice> {
    prop_oneof![
        6 => Just(JsonTypeChoice::Natural),
        2 => Just(JsonTypeChoice::Absent),
        1 => select(JSON_TYPES).prop_map(JsonTypeChoice::Other),
        1 => Just(JsonTypeChoice::Unknown),
    ]
    .boxed()
}

fn picklist_values() -> BoxedStrategy<Vec<String>> {
    let value = select(&["Web", "Cold Call", "-None-", "Ünïcode", "Partner", "$5 off"][..]);
    vec(value, 0..4)
        .prop_map(|mut values| {
            values.dedup();
            values.into_iter().map(str::to_owned).collect()
        })
        .boxed()
}

/// A field's metadata with a placeholder name; `types` are the data types
/// to draw from.
fn field_attributes(types: &'static [&'static str]) -> BoxedStrategy<FieldSpec> {
    let data_type = prop_oneof![
        20 => select(types).prop_map(|t| Some(t.to_owned())),
        1 => Just(None),
    ];
    let kinds = (
        data_type,
        json_type_choice(),
        length(),
        weighted(0.3, 0_u64..5),
        prop::bool::weighted(0.15),
    );
    let flags = (
        flag(3, 1, 5, 1),
        any::<bool>(),
        flag(12, 2, 25, 1),
        external(),
        operations(),
        unique(),
    );
    (kinds, flags, picklist_values())
        .prop_map(|(kinds, flags, picklist)| {
            let (data_type, json_choice, length, decimal_place, structured_unique) = kinds;
            let (read_only, field_read_only, system_mandatory, external, operations, unique) =
                flags;
            // Zoho makes scalar fields unique; objects and lists seldom.
            let scalar = data_type
                .as_deref()
                .and_then(natural_json_type)
                .is_some_and(|t| t != "jsonobject" && t != "jsonarray");
            let unique = if scalar || structured_unique {
                unique
            } else {
                Unique::Absent
            };
            let json_type = match json_choice {
                JsonTypeChoice::Natural => data_type
                    .as_deref()
                    .and_then(natural_json_type)
                    .map(str::to_owned),
                JsonTypeChoice::Absent => None,
                JsonTypeChoice::Other(t) => Some(t.to_owned()),
                JsonTypeChoice::Unknown => Some("jsonstring".to_owned()),
            };
            let picklist = match data_type.as_deref() {
                Some("picklist" | "multiselectpicklist") => picklist,
                _ => Vec::new(),
            };
            FieldSpec {
                api_name: String::new(),
                data_type,
                json_type,
                length,
                decimal_place,
                read_only,
                field_read_only,
                system_mandatory,
                external,
                operations,
                unique,
                picklist,
                link: SubformLink::None,
            }
        })
        .boxed()
}

/// Names fields from `(special name?, spec)` pairs: `prefix_i` unless a
/// special name was drawn; later duplicates of a name are left out.
fn name_fields(drawn: Vec<(Option<&'static str>, FieldSpec)>, prefix: &str) -> Vec<FieldSpec> {
    let mut named: Vec<FieldSpec> = Vec::new();
    for (i, (special, mut field)) in drawn.into_iter().enumerate() {
        field.api_name = special.map_or_else(|| format!("{prefix}_{i}"), str::to_owned);
        if field.api_name == "Layout" {
            field.data_type = Some("layout".to_owned());
            field.json_type = Some("jsonobject".to_owned());
        }
        if !named.iter().any(|f| f.api_name == field.api_name) {
            named.push(field);
        }
    }
    named
}

fn plain_fields() -> BoxedStrategy<Vec<FieldSpec>> {
    let name = prop_oneof![3 => Just(None), 1 => select(SPECIAL_NAMES).prop_map(Some)];
    vec((name, field_attributes(DATA_TYPES)), 2..14)
        .prop_map(|drawn| name_fields(drawn, "Field"))
        .boxed()
}

fn row_fields() -> BoxedStrategy<Vec<FieldSpec>> {
    let name = prop_oneof![4 => Just(None), 1 => select(ROW_SPECIAL_NAMES).prop_map(Some)];
    vec((name, field_attributes(DATA_TYPES)), 1..8)
        .prop_map(|drawn| name_fields(drawn, "Col"))
        .boxed()
}

/// A subform field and its rows' metadata (supplied or not).
fn subform() -> BoxedStrategy<(FieldSpec, SubformSpec)> {
    let link = prop_oneof![3 => Just(0_u8), 1 => Just(1_u8), 1 => Just(2_u8)];
    let kind = prop_oneof![3 => Just("subform"), 1 => Just("lineitem")];
    let supplied = weighted(0.75, row_fields());
    let flags = (flag(6, 1, 3, 1), external(), operations(), flag(8, 0, 1, 1));
    (select(SUBFORM_NAMES), kind, link, supplied, flags)
        .prop_map(|(name, kind, link, meta, flags)| {
            let (read_only, external, operations, system_mandatory) = flags;
            let module = format!("{name}_Module");
            let (link, module) = match link {
                0 => (SubformLink::Associated(module.clone()), Some(module)),
                1 => (SubformLink::Subform(module.clone()), Some(module)),
                _ => (SubformLink::None, None),
            };
            let field = FieldSpec {
                api_name: name.to_owned(),
                data_type: Some(kind.to_owned()),
                json_type: Some("jsonarray".to_owned()),
                length: Length::Absent,
                decimal_place: None,
                read_only,
                field_read_only: false,
                system_mandatory,
                external,
                operations,
                unique: Unique::Absent,
                picklist: Vec::new(),
                link,
            };
            let spec = SubformSpec {
                field: name.to_owned(),
                module,
                meta,
            };
            (field, spec)
        })
        .boxed()
}

/// The top-level fields (subform fields shuffled in) and the subforms.
fn metadata() -> BoxedStrategy<(Vec<FieldSpec>, Vec<SubformSpec>)> {
    (plain_fields(), vec(subform(), 0..=3))
        .prop_flat_map(|(plain, subforms)| {
            let mut fields = plain;
            let mut specs: Vec<SubformSpec> = Vec::new();
            for (field, spec) in subforms {
                if !fields.iter().any(|f| f.api_name == field.api_name) {
                    fields.push(field);
                    specs.push(spec);
                }
            }
            (Just(fields).prop_shuffle(), Just(specs))
        })
        .boxed()
}

// ---------------------------------------------------------------------------
// Layouts and options

fn section_naming(
    appointment: bool,
) -> BoxedStrategy<(Option<String>, Option<String>, Option<String>)> {
    if appointment {
        prop_oneof![
            Just((Some("Appointment_Information".to_owned()), None, None)),
            Just((None, Some("appointment information".to_owned()), None)),
            Just((
                Some("x".to_owned()),
                None,
                Some("APPOINTMENT INFORMATION".to_owned())
            )),
        ]
        .boxed()
    } else {
        prop_oneof![
            Just((
                Some("Record_Information".to_owned()),
                Some("Record Information".to_owned()),
                None
            )),
            Just((None, None, Some("Job Sheet".to_owned()))),
            Just((None, None, None)),
        ]
        .boxed()
    }
}

fn section(names: &[String], appointment: bool) -> BoxedStrategy<SectionSpec> {
    let listed = proptest::sample::subsequence(names.to_vec(), 0..=names.len());
    let required = vec(prop::bool::weighted(0.05), names.len());
    (
        section_naming(appointment),
        listed,
        required,
        prop::bool::weighted(0.2),
    )
        .prop_map(
            |((api_name, display_label, name), listed, required, separator)| {
                let fields = listed.into_iter().zip(required).collect();
                SectionSpec {
                    api_name,
                    display_label,
                    name,
                    fields,
                    separator,
                }
            },
        )
        .boxed()
}

fn layouts(module: &str, names: &[String]) -> BoxedStrategy<Option<Vec<LayoutSpec>>> {
    let appointments = module == "Appointments__s";
    let names = names.to_vec();
    let layout = move |id: &'static str, first_is_appointment: bool| {
        let first = section(&names, first_is_appointment);
        let others = vec(section(&names, false), 0..2);
        (first, others).prop_map(move |(first, others)| LayoutSpec {
            id: id.to_owned(),
            sections: std::iter::once(first).chain(others).collect(),
        })
    };
    let all = (
        layout("L1", appointments),
        weighted(0.3, layout("L2", false)),
    )
        .prop_map(|(first, second)| Some(std::iter::once(first).chain(second).collect()));
    if appointments {
        all.boxed()
    } else {
        prop_oneof![2 => Just(None), 1 => all].boxed()
    }
}

/// A name with its ASCII case changed, as callers may spell it.
fn respell(name: &str, how: u8) -> String {
    match how {
        0 => name.to_ascii_lowercase(),
        1 => name.to_ascii_uppercase(),
        _ => name.to_owned(),
    }
}

fn options(fields: &[FieldSpec], subforms: &[SubformSpec]) -> BoxedStrategy<OptionSpec> {
    let mut candidates: Vec<String> = fields.iter().map(|f| f.api_name.clone()).collect();
    for subform in subforms {
        for column in subform.meta.iter().flatten() {
            candidates.push(format!("{}.{}", subform.supplied_as(), column.api_name));
            candidates.push(format!("{}.{}", subform.field, column.api_name));
        }
    }
    let exclude = vec((select(candidates), 0_u8..4), 0..3).prop_map(|picked| {
        picked
            .into_iter()
            .map(|(n, how)| respell(&n, how))
            .collect()
    });
    let unique = prop_oneof![Just(0_u8), Just(1_u8), Just(2_u8)];
    let flags = (
        any::<bool>(),
        prop::bool::weighted(0.25),
        any::<bool>(),
        prop::bool::weighted(0.25),
    );
    let names: Vec<String> = fields.iter().map(|f| f.api_name.clone()).collect();
    let known_value = prop_oneof![
        select(
            &[
                "Acme (copy)",
                "ACME (COPY 2)",
                "acme (copy 3)",
                "$5 off",
                ""
            ][..]
        )
        .prop_map(|v| json!(v)),
        Just(json!(0)),
        lookup(),
    ];
    let known = vec((select(names), vec(known_value, 0..4)), 0..2);
    let scopes = weighted(0.06, vec(select(SCOPES).prop_map(str::to_owned), 0..3));
    (flags, unique, exclude, known, scopes)
        .prop_map(
            |((gdpr, unknown_keep, update, strict), unique, exclude, known, scopes)| OptionSpec {
                gdpr,
                unknown_keep,
                update,
                unique,
                strict_picklists: strict,
                exclude,
                known,
                scopes,
            },
        )
        .boxed()
}

/// OAuth scopes, some allowing a clone of some module, some of none.
const SCOPES: &[&str] = &[
    "ZohoCRM.modules.ALL",
    "zohocrm.modules.leads.create",
    "ZohoCRM.modules.Leads.READ",
    "ZohoCRM.modules.custom.WRITE",
    "ZohoCRM.settings.ALL",
    "ZohoCRM.modules.contacts.READ,ZohoCRM.modules.contacts.CREATE",
    "ZohoCRM.modules.events.all",
    "ZohoCRM.modules.services.CREATE",
    "ZohoCRM.modules.appointments.write",
    "ZohoCRM.modules.deals.UPDATE",
    "ZohoCRM.modules.quotes.ALL,ZohoCRM.users.READ",
];

// ---------------------------------------------------------------------------
// Values

/// Text: ASCII, `$` values, unicode, copy suffixes and very long strings.
pub fn text() -> BoxedStrategy<String> {
    prop_oneof![
        6 => "[A-Za-z0-9 _.-]{0,16}",
        1 => Just("$5 off".to_owned()),
        1 => Just("Ünïcödé — 日本語 🎉 \u{202e}x".to_owned()),
        1 => select(
            &[
                "Acme (copy)",
                "ACME (COPY 2)",
                "Acme (copy 9)",
                "Acme (copy 1)",
                "Acme (copy 02)",
                "Acme (copy 4294967299)",
                "Acme (copy 99999999999999999999999)",
                " (copy)",
            ][..]
        )
        .prop_map(str::to_owned),
        1 => "\\PC{0,24}",
        1 => (1_usize..400, select(&["x", "é", "日", "🎉", "ß"][..]))
            .prop_map(|(n, s)| s.repeat(n)),
    ]
    .boxed()
}

fn text_within(max: Option<u64>) -> BoxedStrategy<Value> {
    text()
        .prop_map(move |s| {
            let max = max.map_or(usize::MAX, |m| usize::try_from(m).unwrap_or(usize::MAX));
            Value::String(s.chars().take(max).collect())
        })
        .boxed()
}

fn record_id() -> BoxedStrategy<Value> {
    prop_oneof![
        4 => "57257670000[0-9]{8}".prop_map(Value::String),
        1 => (1_u64..1_000_000).prop_map(Value::from),
    ]
    .boxed()
}

/// `$` properties as Zoho returns them, some with `$` keys nested inside.
fn dollar_value() -> BoxedStrategy<Value> {
    prop_oneof![
        Just(json!({"delegate": false, "approve": false, "$inner": {"$deep": 1}})),
        Just(json!("$")),
        Just(json!(true)),
        Just(json!([{"$x": 1, "y": "$2"}])),
        Just(Value::Null),
    ]
    .boxed()
}

const DOLLAR_KEYS: &[&str] = &[
    "$approval",
    "$currency_symbol",
    "$state",
    "$se_module",
    "$line_tax",
    "$editable",
    "$",
];

/// A lookup object, sometimes with `$` keys and a nested module object.
fn lookup() -> BoxedStrategy<Value> {
    let name = weighted(0.7, text_within(Some(40)));
    let extras = (any::<bool>(), any::<bool>(), select(DOLLAR_KEYS));
    (record_id(), name, extras)
        .prop_map(|(id, name, (dollar, nested, key))| {
            let mut object = Object::new();
            if let Some(name) = name {
                object.insert("name".to_owned(), name);
            }
            object.insert("id".to_owned(), id);
            if dollar {
                object.insert(key.to_owned(), json!({"k": "v", "$nested": [1]}));
            }
            if nested {
                object.insert(
                    "module".to_owned(),
                    json!({"api_name": "Accounts", "id": "1", "$se": {"$x": 0}}),
                );
            }
            Value::Object(object)
        })
        .boxed()
}

/// Linking rows of a multi-select lookup: `[{"Linked": {…}, "id": "…"}]`.
fn linking_rows() -> BoxedStrategy<Value> {
    let row =
        (lookup(), weighted(0.8, record_id()), any::<bool>()).prop_map(|(linked, id, dollar)| {
            let mut object = Object::new();
            object.insert("Linked".to_owned(), linked);
            if let Some(id) = id {
                object.insert("id".to_owned(), id);
            }
            if dollar {
                object.insert("$link".to_owned(), json!({"$x": 1}));
            }
            Value::Object(object)
        });
    vec(row, 0..4).prop_map(Value::Array).boxed()
}

/// Arrays of plain objects (reminders, territories, upload rows).
fn object_rows() -> BoxedStrategy<Value> {
    let row = prop_oneof![
        Just(json!({"unit": 1, "period": "days"})),
        Just(json!({"id": "77", "name": "West", "$x": 1})),
        Just(json!({"File_Id__s": "abc", "id": "5", "$file": true})),
        lookup(),
    ];
    vec(row, 0..3).prop_map(Value::Array).boxed()
}

fn integer_with_digits(max_digits: u64) -> BoxedStrategy<Value> {
    let top = 10_i64.saturating_pow(u32::try_from(max_digits.min(18)).unwrap_or(18)) - 1;
    prop_oneof![
        Just(json!(0)),
        (0..=top.min(999)).prop_map(Value::from),
        (-top..=top).prop_map(Value::from),
    ]
    .boxed()
}

fn number_within(field: &FieldSpec) -> BoxedStrategy<Value> {
    let length = field.length.value().unwrap_or(16);
    let whole = length.saturating_sub(field.decimal_place.unwrap_or(0));
    if whole == 0 {
        return Just(Value::Null).boxed();
    }
    let digits = whole.min(12);
    let top = 10_i64.pow(u32::try_from(digits).unwrap_or(12)) - 1;
    prop_oneof![
        integer_with_digits(digits),
        ((0..=top), 0_u32..100).prop_map(|(whole, cents)| {
            #[allow(clippy::cast_precision_loss)] // whole has at most 12 digits
            let value = whole as f64 + f64::from(cents) / 100.0;
            json!(value)
        }),
    ]
    .boxed()
}

fn email_within(max: Option<u64>) -> BoxedStrategy<Value> {
    "[a-z]{1,8}(\\.[a-z]{1,5})?@example\\.(com|fr)"
        .prop_map(move |address| {
            let fits = max.is_none_or(|m| address.chars().count() as u64 <= m);
            Value::String(if fits { address } else { String::new() })
        })
        .boxed()
}

fn date() -> BoxedStrategy<Value> {
    select(&["2024-02-29", "1999-12-31", "2023-01-01", ""][..])
        .prop_map(|d| json!(d))
        .boxed()
}

fn datetime() -> BoxedStrategy<Value> {
    select(
        &[
            "2024-05-02T10:15:00+02:00",
            "2024-05-02T23:59:59Z",
            "2020-02-29T00:00:00-07:00",
            "",
        ][..],
    )
    .prop_map(|d| json!(d))
    .boxed()
}

fn lowercase_type(field: &FieldSpec) -> String {
    field
        .data_type
        .as_deref()
        .unwrap_or("")
        .to_ascii_lowercase()
}

/// The JSON shape the validator asks of the field: its known `json_type`,
/// else the table of §6.3.
fn shape_of(field: &FieldSpec) -> Option<&'static str> {
    if let Some(known) = field
        .json_type
        .as_deref()
        .and_then(|t| JSON_TYPES.iter().find(|k| k.eq_ignore_ascii_case(t)))
    {
        return Some(known);
    }
    match lowercase_type(field).as_str() {
        "profileimage" | "formula" | "rollup_summary" | "fileupload" | "imageupload" | "rrule"
        | "event_reminder" | "bigint" | "" => None,
        other => natural_json_type(other),
    }
}

/// A value `field` accepts (as far as the generator can tell).
fn valid_value(field: &FieldSpec) -> BoxedStrategy<Value> {
    let data_type = lowercase_type(field);
    let length = field.length.value();
    // An unknown json_type counts as absent.
    let json_type = field
        .json_type
        .as_deref()
        .map(str::to_ascii_lowercase)
        .filter(|t| JSON_TYPES.contains(&t.as_str()));
    if data_type == "bigint" && json_type.as_deref().is_none_or(|t| t == "string") {
        return prop_oneof![
            "[0-9]{1,18}".prop_map(Value::String),
            integer_with_digits(18),
        ]
        .boxed();
    }
    match shape_of(field) {
        Some("string") => valid_string(field, &data_type, length),
        Some("integer") => match data_type.as_str() {
            "integer" => integer_with_digits(length.unwrap_or(9)),
            "double" | "currency" | "percent" | "decimal" => number_within(field)
                .prop_map(|v| if v.is_f64() { json!(1) } else { v })
                .boxed(),
            "bigint" => integer_with_digits(18),
            _ => integer_with_digits(6),
        },
        Some("double") => match data_type.as_str() {
            "integer" => integer_with_digits(length.unwrap_or(9)),
            "bigint" => integer_with_digits(18),
            _ => number_within(field),
        },
        Some("boolean") => any::<bool>().prop_map(Value::Bool).boxed(),
        Some("jsonobject") => match data_type.as_str() {
            "consent_lookup" => Just(json!({"Contact_Through_Email": true, "$x": 1})).boxed(),
            _ => lookup(),
        },
        Some("jsonarray") => valid_array(field, &data_type),
        _ => zoho_value(),
    }
}

fn valid_string(field: &FieldSpec, data_type: &str, length: Option<u64>) -> BoxedStrategy<Value> {
    match data_type {
        "email" => email_within(length),
        "date" => date(),
        "datetime" => datetime(),
        "picklist" if !field.picklist.is_empty() => {
            let values = field.picklist.clone();
            let fits = move |v: &String| length.is_none_or(|m| v.chars().count() as u64 <= m);
            let values: Vec<String> = values.into_iter().filter(fits).collect();
            if values.is_empty() {
                Just(json!("")).boxed()
            } else {
                select(values).prop_map(Value::String).boxed()
            }
        }
        _ => text_within(length),
    }
}

fn valid_array(field: &FieldSpec, data_type: &str) -> BoxedStrategy<Value> {
    match data_type {
        "multiselectpicklist" if field.picklist.is_empty() => {
            vec(text(), 0..3).prop_map(|v| json!(v)).boxed()
        }
        "multiselectpicklist" => {
            proptest::sample::subsequence(field.picklist.clone(), 0..=field.picklist.len())
                .prop_map(|v| json!(v))
                .boxed()
        }
        "multiselectlookup" | "multiuserlookup" => linking_rows(),
        _ => object_rows(),
    }
}

/// Any Zoho-ish value: leaves, lookups, linking rows, `$` objects.
pub fn zoho_value() -> BoxedStrategy<Value> {
    prop_oneof![
        3 => zoho_leaf(),
        1 => lookup(),
        1 => linking_rows(),
        1 => dollar_value(),
        1 => vec(zoho_leaf(), 0..3).prop_map(Value::Array),
    ]
    .boxed()
}

fn zoho_leaf() -> BoxedStrategy<Value> {
    prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        (-1.0e20_f64..1.0e20).prop_map(|f| json!(f)),
        text().prop_map(Value::String),
    ]
    .boxed()
}

/// `0`, `false`, `""`, `[]` and `null`: values, never "empty" ones.
fn falsy() -> BoxedStrategy<Value> {
    select(&[0_u8, 1, 2, 3, 4][..])
        .prop_map(|i| match i {
            0 => json!(0),
            1 => json!(false),
            2 => json!(""),
            3 => json!([]),
            _ => Value::Null,
        })
        .boxed()
}

/// A value for `field`: right most of the time, wrong often under `chaos`.
pub fn field_value(field: &FieldSpec, chaos: bool) -> BoxedStrategy<Value> {
    let valid = valid_value(field);
    if chaos {
        prop_oneof![
            5 => valid,
            2 => falsy(),
            2 => zoho_value(),
            1 => dollar_value(),
        ]
        .boxed()
    } else {
        prop_oneof![
            12 => valid,
            1 => Just(Value::Null),
        ]
        .boxed()
    }
}

// ---------------------------------------------------------------------------
// Subform rows

/// One row's own columns, without its `id`.
fn row_columns(
    meta: Option<&[FieldSpec]>,
    chaos: bool,
    parent_side: bool,
) -> BoxedStrategy<Object> {
    let mut entries: Vec<BoxedStrategy<Option<(String, Value)>>> = Vec::new();
    let presence = if parent_side { 0.75 } else { 0.4 };
    match meta {
        Some(meta) => {
            for column in meta {
                let name = column.api_name.clone();
                let value = field_value(column, chaos).prop_map(move |v| (name.clone(), v));
                entries.push(weighted(presence, value).boxed());
            }
        }
        None => {
            for name in ["Name", "Quantity", "Product", "Line_Tax"] {
                let value = zoho_value().prop_map(move |v| (name.to_owned(), v));
                entries.push(weighted(presence, value).boxed());
            }
        }
    }
    let parent_link = lookup().prop_map(|v| ("Parent_Id".to_owned(), v));
    entries.push(weighted(if parent_side { 0.7 } else { 0.1 }, parent_link).boxed());
    let dollar = (select(DOLLAR_KEYS), dollar_value()).prop_map(|(k, v)| (k.to_owned(), v));
    entries.push(weighted(0.4, dollar).boxed());
    let unknown = zoho_value().prop_map(|v| ("Extra_Column".to_owned(), v));
    entries.push(weighted(0.1, unknown).boxed());
    entries
        .prop_map(|entries| entries.into_iter().flatten().collect::<Vec<_>>())
        .prop_shuffle()
        .prop_map(|entries| entries.into_iter().collect())
        .boxed()
}

/// A parent row: an object (with an id kind) or, rarely, not an object.
fn parent_row(meta: Option<&[FieldSpec]>, chaos: bool) -> BoxedStrategy<Option<(Object, u8)>> {
    let object = if chaos { 0.9 } else { 0.97 };
    weighted(object, (row_columns(meta, chaos, true), 0_u8..20)).boxed()
}

/// Gives object rows their ids: mostly `R{i}`, some numbers, some none, a
/// few duplicates of `R0`. A non-object row becomes one of a few shapes.
fn number_rows(rows: Vec<Option<(Object, u8)>>) -> Value {
    let rows = rows
        .into_iter()
        .enumerate()
        .map(|(i, row)| match row {
            None => [json!(null), json!("row"), json!(5), json!([{"id": "R1"}])][i % 4].clone(),
            Some((mut object, kind)) => {
                let id = match kind {
                    0..=15 => Some(json!(format!("R{i}"))),
                    16 => Some(json!(i)),
                    17 => None,
                    _ => Some(json!("R0")),
                };
                if let Some(id) = id {
                    object.insert("id".to_owned(), id);
                }
                Value::Object(object)
            }
        })
        .collect();
    Value::Array(rows)
}

/// A subform's parent rows: usually a few, sometimes over the limit of 100.
pub fn parent_rows(meta: Option<&[FieldSpec]>, chaos: bool) -> BoxedStrategy<Value> {
    let row = parent_row(meta, chaos);
    let rows = prop_oneof![
        10 => vec(row.clone(), 0..4),
        3 => vec(row.clone(), 4..12),
        1 => vec(row, 95..=150),
    ]
    .prop_map(number_rows);
    let wrong = prop_oneof![
        Just(Value::Null),
        Just(json!({"$x": 1, "a": {"$y": 2}})),
        Just(json!("rows"))
    ];
    if chaos {
        prop_oneof![8 => rows, 1 => wrong].boxed()
    } else {
        rows.boxed()
    }
}

/// An override row: columns, an id that may match a parent row, `_delete`.
fn override_row(meta: Option<&[FieldSpec]>, chaos: bool) -> BoxedStrategy<Value> {
    let id = if chaos {
        prop_oneof![
            8 => Just(None),
            8 => (0_usize..4).prop_map(|k| Some(json!(format!("R{k}")))),
            1 => (0_usize..4).prop_map(|k| Some(json!(k))),
            1 => Just(Some(json!("R-unknown"))),
        ]
        .boxed()
    } else {
        prop_oneof![
            3 => Just(None),
            1 => (0_usize..2).prop_map(|k| Some(json!(format!("R{k}")))),
        ]
        .boxed()
    };
    let object = (
        row_columns(meta, chaos, false),
        id,
        prop::bool::weighted(0.15),
    )
        .prop_map(|(mut row, id, delete)| {
            if let Some(id) = id {
                row.insert("id".to_owned(), id);
            }
            if delete {
                row.insert("_delete".to_owned(), json!(true));
            }
            Value::Object(row)
        });
    if chaos {
        prop_oneof![12 => object, 1 => Just(json!("not a row")), 1 => Just(Value::Null)].boxed()
    } else {
        object.boxed()
    }
}

fn override_rows(meta: Option<&[FieldSpec]>, chaos: bool) -> BoxedStrategy<Value> {
    let rows = vec(override_row(meta, chaos), 0..5).prop_map(Value::Array);
    let wrong = u32::from(chaos);
    prop_oneof![
        10 => rows,
        1 => Just(Value::Null),
        1 => Just(json!([])),
        wrong => Just(json!({"$x": {"id": "R1"}})),
    ]
    .boxed()
}

// ---------------------------------------------------------------------------
// Records and bodies

/// The subform spec of a subform field.
fn subform_of<'c>(subforms: &'c [SubformSpec], field: &str) -> Option<&'c SubformSpec> {
    subforms.iter().find(|s| s.field == field)
}

/// Collects optional entries into an object in a shuffled order.
fn shuffled_object(entries: Vec<BoxedStrategy<Option<(String, Value)>>>) -> BoxedStrategy<Object> {
    entries
        .prop_map(|entries| entries.into_iter().flatten().collect::<Vec<_>>())
        .prop_shuffle()
        .prop_map(|entries| entries.into_iter().collect())
        .boxed()
}

/// A parent record built from the metadata, with an `id`, `$` keys and keys
/// without metadata.
pub fn parent_record(
    fields: &[FieldSpec],
    subforms: &[SubformSpec],
    chaos: bool,
) -> BoxedStrategy<Object> {
    let mut entries: Vec<BoxedStrategy<Option<(String, Value)>>> = Vec::new();
    for field in fields {
        let name = field.api_name.clone();
        let value = match subform_of(subforms, &field.api_name) {
            Some(subform) => parent_rows(subform.meta.as_deref(), chaos),
            // The layouts' ids, so that layout-required fields count.
            None if field.api_name == "Layout" => prop_oneof![
                select(&["L1", "L2"][..]).prop_map(|id| json!({"name": "Standard", "id": id})),
                field_value(field, chaos),
            ]
            .boxed(),
            None => field_value(field, chaos),
        };
        entries.push(weighted(0.8, value.prop_map(move |v| (name.clone(), v))).boxed());
    }
    let id = record_id().prop_map(|id| ("id".to_owned(), id));
    entries.push(weighted(0.95, id).boxed());
    for key in ["$approval", "$currency_symbol", "$state"] {
        let value = dollar_value().prop_map(move |v| (key.to_owned(), v));
        entries.push(weighted(0.5, value).boxed());
    }
    for key in ["Unknown_A", "unknown_b"] {
        let value = zoho_value().prop_map(move |v| (key.to_owned(), v));
        entries.push(weighted(0.3, value).boxed());
    }
    shuffled_object(entries)
}

/// An override record: a random subset of keys with random values.
fn override_record(
    fields: &[FieldSpec],
    subforms: &[SubformSpec],
    chaos: bool,
) -> BoxedStrategy<Object> {
    let mut entries: Vec<BoxedStrategy<Option<(String, Value)>>> = Vec::new();
    for field in fields {
        let name = field.api_name.clone();
        let value = match subform_of(subforms, &field.api_name) {
            Some(subform) => override_rows(subform.meta.as_deref(), chaos),
            None if chaos => prop_oneof![8 => field_value(field, chaos), 1 => falsy()].boxed(),
            None => field_value(field, chaos),
        };
        entries.push(weighted(0.3, value.prop_map(move |v| (name.clone(), v))).boxed());
    }
    let extras = [
        ("id", record_id()),
        ("$approval", dollar_value()),
        ("Unknown_A", zoho_value()),
        ("Brand_New", zoho_value()),
    ];
    for (key, value) in extras {
        entries.push(weighted(0.12, value.prop_map(move |v| (key.to_owned(), v))).boxed());
    }
    shuffled_object(entries)
}

/// Top-level body keys besides `data`, right or (under chaos) wrong.
fn body_extras(chaos: bool) -> BoxedStrategy<Object> {
    let trigger = if chaos {
        prop_oneof![
            Just(json!(["workflow", "approval"])),
            Just(json!(["nope"])),
            Just(json!("workflow"))
        ]
        .boxed()
    } else {
        prop_oneof![
            Just(json!(["workflow"])),
            Just(json!([])),
            Just(json!(["blueprint", "pathfinder"]))
        ]
        .boxed()
    };
    let lar_id = if chaos {
        prop_oneof![Just(json!("5725767000000123")), Just(json!(5))].boxed()
    } else {
        Just(json!("5725767000000123")).boxed()
    };
    let entries: Vec<BoxedStrategy<Option<(String, Value)>>> = vec![
        weighted(0.3, trigger.prop_map(|v| ("trigger".to_owned(), v))).boxed(),
        weighted(0.1, lar_id.prop_map(|v| ("lar_id".to_owned(), v))).boxed(),
        weighted(
            0.1,
            Just((
                "skip_feature_execution".to_owned(),
                json!([{"name": "cadences"}]),
            )),
        )
        .boxed(),
        weighted(
            0.1,
            Just((
                "apply_feature_execution".to_owned(),
                json!([{"name": "layout_rules"}]),
            )),
        )
        .boxed(),
        weighted(0.1, Just(("wf_trigger".to_owned(), json!(true)))).boxed(),
    ];
    shuffled_object(entries)
}

/// An override body; under chaos its shape is sometimes wrong.
pub fn body(fields: &[FieldSpec], subforms: &[SubformSpec], chaos: bool) -> BoxedStrategy<Value> {
    let record = override_record(fields, subforms, chaos);
    let good = (record.clone(), body_extras(chaos)).prop_map(|(record, extras)| {
        let mut body = Object::new();
        body.insert("data".to_owned(), json!([record]));
        body.extend(extras);
        Value::Object(body)
    });
    if !chaos {
        return good.boxed();
    }
    prop_oneof![
        16 => good,
        1 => Just(json!({"data": []})),
        1 => record.prop_map(|r| json!({"data": [r, {}]})),
        1 => Just(json!({"data": ["x"]})),
        1 => Just(json!({"data": {"Last_Name": "x"}})),
        1 => Just(json!([{"data": []}])),
    ]
    .boxed()
}

/// Whether a case carries an override body.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BodyMode {
    Never,
    Always,
    Sometimes,
}

/// A whole generated case.
pub fn case(mode: BodyMode) -> BoxedStrategy<Case> {
    let chaos = prop_oneof![1 => Just(true), 2 => Just(false)];
    (select(MODULES), metadata(), chaos)
        .prop_flat_map(move |(module, (fields, subforms), chaos)| {
            let names: Vec<String> = fields.iter().map(|f| f.api_name.clone()).collect();
            let parent = parent_record(&fields, &subforms, chaos);
            let body = match mode {
                BodyMode::Never => Just(None).boxed(),
                BodyMode::Always => body(&fields, &subforms, chaos).prop_map(Some).boxed(),
                BodyMode::Sometimes => weighted(0.6, body(&fields, &subforms, chaos)).boxed(),
            };
            let layouts = layouts(module, &names);
            let options = options(&fields, &subforms);
            (
                Just(module),
                Just(fields),
                Just(subforms),
                Just(chaos),
                layouts,
                options,
                parent,
                body,
            )
        })
        .prop_map(
            |(module, fields, subforms, chaos, layouts, mut options, parent, body)| {
                // Known unique values may name only unique fields (else the
                // plan does not compile).
                options.known.retain(|(name, _)| {
                    fields
                        .iter()
                        .any(|f| f.api_name == *name && crate::reference::unique_case(f).is_some())
                });
                Case {
                    module: module.to_owned(),
                    fields,
                    subforms,
                    layouts,
                    options,
                    parent,
                    body,
                    chaos,
                }
            },
        )
        .boxed()
}

// ---------------------------------------------------------------------------
// Arbitrary JSON, leaning on the words Zoho documents use

const VOCABULARY: &[&str] = &[
    "data",
    "fields",
    "layouts",
    "sections",
    "api_name",
    "data_type",
    "json_type",
    "length",
    "decimal_place",
    "read_only",
    "external",
    "operation_type",
    "api_create",
    "unique",
    "case_sensitive",
    "casesensitive",
    "system_mandatory",
    "pick_list_values",
    "actual_value",
    "display_value",
    "associated_module",
    "subform",
    "module",
    "id",
    "required",
    "display_label",
    "name",
    "field_label",
    "trigger",
    "lar_id",
    "skip_feature_execution",
    "apply_feature_execution",
    "$approval",
    "Parent_Id",
    "_delete",
    "info",
    "Owner",
    "Last_Name",
    "Layout",
    "Rows",
    "Wizard",
    "",
];

pub fn json_key() -> BoxedStrategy<String> {
    prop_oneof![
        4 => select(VOCABULARY).prop_map(str::to_owned),
        1 => "\\PC{0,8}",
        1 => "\\$[a-z]{0,5}",
    ]
    .boxed()
}

fn json_leaf() -> BoxedStrategy<Value> {
    prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        any::<f64>().prop_map(|f| json!(f)),
        select(VOCABULARY).prop_map(|s| json!(s)),
        select(DATA_TYPES).prop_map(|s| json!(s)),
        "\\PC{0,12}".prop_map(Value::String),
    ]
    .boxed()
}

/// Arbitrary JSON trees whose object keys are often the words Zoho uses.
pub fn any_json() -> BoxedStrategy<Value> {
    json_leaf()
        .prop_recursive(5, 96, 6, |inner| {
            prop_oneof![
                vec(inner.clone(), 0..6).prop_map(Value::Array),
                vec((json_key(), inner), 0..7)
                    .prop_map(|entries| Value::Object(entries.into_iter().collect())),
            ]
        })
        .boxed()
}

/// `{"fields": [...]}` documents whose entries are objects of documented
/// keys with arbitrary values, or arbitrary JSON.
pub fn any_fields_document() -> BoxedStrategy<Value> {
    let entry = vec((json_key(), any_json()), 0..8)
        .prop_map(|entries| Value::Object(entries.into_iter().collect()));
    let data_type = prop_oneof![
        4 => select(DATA_TYPES),
        1 => select(&["subform", "lineitem", "Subform", "TEXT"][..]),
    ];
    let named = (entry, "[A-Za-z_$]{0,8}", data_type).prop_map(|(mut entry, name, dt)| {
        if let Value::Object(object) = &mut entry {
            object.insert("api_name".to_owned(), json!(name));
            object.entry("data_type").or_insert(json!(dt));
        }
        entry
    });
    prop_oneof![
        4 => vec(named, 0..8).prop_map(|fields| json!({ "fields": fields })),
        1 => any_json(),
        1 => any_json().prop_map(|v| json!({ "fields": v })),
    ]
    .boxed()
}

/// `{"layouts": [...]}` documents with arbitrary insides.
pub fn any_layouts_document() -> BoxedStrategy<Value> {
    prop_oneof![
        2 => vec(any_json(), 0..3).prop_map(|sections| {
            json!({"layouts": [{"id": "L1", "sections": sections}]})
        }),
        1 => any_json(),
    ]
    .boxed()
}

/// Module names: standard, custom, not clonable, UI labels, bad case.
pub fn any_module() -> BoxedStrategy<String> {
    prop_oneof![
        4 => select(MODULES).prop_map(str::to_owned),
        1 => select(&["Notes", "Meetings", "leads", "Price Books", "Appointments", ""][..])
            .prop_map(str::to_owned),
        1 => "\\PC{0,10}",
    ]
    .boxed()
}
