use std::collections::HashMap;

use serde_json::{Map, Value};

use super::error::{MetadataError, json_kind};

/// Zoho's `data_type` of a field, as far as the rules distinguish it.
///
/// Parsed ASCII-case-insensitively; a type the crate does not know is kept
/// as [`DataType::Other`] and checked only for its JSON shape.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
#[allow(missing_docs)] // the variants are Zoho's own type names
pub enum DataType {
    Text,
    Textarea,
    Phone,
    Picklist,
    Autonumber,
    Website,
    Email,
    Integer,
    Bigint,
    Double,
    Currency,
    Percent,
    Decimal,
    Boolean,
    Date,
    Datetime,
    Multiselectpicklist,
    Lookup,
    Ownerlookup,
    Userlookup,
    Layout,
    MultiModuleLookup,
    ConsentLookup,
    Multiselectlookup,
    Multiuserlookup,
    Subform,
    Lineitem,
    Multireminder,
    Territories,
    Fileupload,
    Imageupload,
    Formula,
    RollupSummary,
    Profileimage,
    /// Any other type, with its name as Zoho spells it.
    Other(String),
}

impl DataType {
    /// Parses Zoho's spelling of a data type.
    #[must_use]
    pub fn parse(name: &str) -> Self {
        let known = [
            ("text", Self::Text),
            ("textarea", Self::Textarea),
            ("phone", Self::Phone),
            ("picklist", Self::Picklist),
            ("autonumber", Self::Autonumber),
            ("website", Self::Website),
            ("email", Self::Email),
            ("integer", Self::Integer),
            ("bigint", Self::Bigint),
            ("double", Self::Double),
            ("currency", Self::Currency),
            ("percent", Self::Percent),
            ("decimal", Self::Decimal),
            ("boolean", Self::Boolean),
            ("date", Self::Date),
            ("datetime", Self::Datetime),
            ("multiselectpicklist", Self::Multiselectpicklist),
            ("lookup", Self::Lookup),
            ("ownerlookup", Self::Ownerlookup),
            ("userlookup", Self::Userlookup),
            ("layout", Self::Layout),
            ("multi_module_lookup", Self::MultiModuleLookup),
            ("consent_lookup", Self::ConsentLookup),
            ("multiselectlookup", Self::Multiselectlookup),
            ("multiuserlookup", Self::Multiuserlookup),
            ("subform", Self::Subform),
            ("lineitem", Self::Lineitem),
            ("multireminder", Self::Multireminder),
            ("territories", Self::Territories),
            ("fileupload", Self::Fileupload),
            ("imageupload", Self::Imageupload),
            ("formula", Self::Formula),
            ("rollup_summary", Self::RollupSummary),
            ("profileimage", Self::Profileimage),
        ];
        known
            .into_iter()
            .find(|(spelling, _)| spelling.eq_ignore_ascii_case(name))
            .map_or_else(|| Self::Other(name.to_owned()), |(_, kind)| kind)
    }

    /// Whether rows of this field are cloned as subform rows.
    #[must_use]
    pub fn is_subform(&self) -> bool {
        matches!(self, Self::Subform | Self::Lineitem)
    }

    /// Whether the value is a list of linking rows whose own `id` is dropped.
    #[must_use]
    pub fn is_linking_list(&self) -> bool {
        matches!(self, Self::Multiselectlookup | Self::Multiuserlookup)
    }

    /// Whether Zoho computes the value, so it can never be written.
    #[must_use]
    pub fn is_computed(&self) -> bool {
        matches!(self, Self::Formula | Self::Autonumber | Self::RollupSummary)
    }

    /// Whether Zoho's clone call never copies the value (file and image uploads).
    #[must_use]
    pub fn is_upload(&self) -> bool {
        matches!(self, Self::Fileupload | Self::Imageupload)
    }
}

/// Zoho's `json_type`: the JSON shape a field's value takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum JsonType {
    /// A JSON string.
    String,
    /// A JSON integer.
    Integer,
    /// Any JSON number.
    Double,
    /// `true` or `false`.
    Boolean,
    /// A JSON object.
    JsonObject,
    /// A JSON array.
    JsonArray,
}

impl JsonType {
    /// Parses Zoho's spelling; `None` for a name the crate does not know.
    #[must_use]
    pub fn parse(name: &str) -> Option<Self> {
        let kind = match name.to_ascii_lowercase().as_str() {
            "string" => Self::String,
            "integer" => Self::Integer,
            "double" => Self::Double,
            "boolean" => Self::Boolean,
            "jsonobject" => Self::JsonObject,
            "jsonarray" => Self::JsonArray,
            _ => return None,
        };
        Some(kind)
    }

    /// Zoho's spelling, as used in `expected_data_type`.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::String => "string",
            Self::Integer => "integer",
            Self::Double => "double",
            Self::Boolean => "boolean",
            Self::JsonObject => "jsonobject",
            Self::JsonArray => "jsonarray",
        }
    }
}

/// The metadata of one field, reduced to what the rules read.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct FieldMeta {
    /// `api_name`: the key of the field in records. Required.
    pub api_name: String,
    /// `data_type`; absent means [`DataType::Other`] with an empty name.
    pub data_type: DataType,
    /// `json_type`; absent or unknown means `None` (the type table decides).
    pub json_type: Option<JsonType>,
    /// `display_label`, else `field_label`; absent means `None`.
    pub label: Option<String>,
    /// `length`; absent means `None` (no length check, or the type's default).
    pub length: Option<u64>,
    /// `decimal_place`; absent means `None` (no fractional part reserved).
    pub decimal_place: Option<u64>,
    /// `read_only`; absent means `false`. Not `field_read_only`.
    pub read_only: bool,
    /// `system_mandatory`; absent means `false`.
    pub system_mandatory: bool,
    /// Whether `external` is an object; absent, `null` or `false` mean `false`.
    pub external: bool,
    /// `operation_type.api_create`; `None` when `operation_type` is absent
    /// (API v2), in which case the built-in list of rule 8 decides.
    pub api_create: Option<bool>,
    /// `unique` when it is a non-empty object: `Some(case_sensitive)`, read
    /// from `case_sensitive` or `casesensitive` (absent means `false`).
    pub unique: Option<bool>,
    /// The `actual_value`s of `pick_list_values` (else their `display_value`).
    pub picklist_values: Vec<String>,
    /// The subform module, from `associated_module.module` or
    /// `subform.module`; only subform and line-item fields use it.
    pub subform_module: Option<String>,
}

impl FieldMeta {
    /// Reads one field object; `path` names it in errors (`fields[3]`).
    ///
    /// # Errors
    ///
    /// [`MetadataError`] when `api_name` is missing or a read key has the
    /// wrong JSON type.
    pub fn from_json(value: &Value, path: &str) -> Result<Self, MetadataError> {
        let object = expect_object(value, path)?;
        let reader = Reader { object, path };
        let api_name = reader
            .string("api_name")?
            .ok_or_else(|| MetadataError::MissingKey {
                path: path.to_owned(),
                key: "api_name",
            })?;
        let data_type = reader.string("data_type")?.unwrap_or_default();
        Ok(Self {
            data_type: DataType::parse(&data_type),
            json_type: reader
                .string("json_type")?
                .and_then(|t| JsonType::parse(&t)),
            label: match reader.string("display_label")? {
                Some(label) => Some(label),
                None => reader.string("field_label")?,
            },
            length: reader.unsigned("length")?,
            decimal_place: reader.unsigned("decimal_place")?,
            read_only: reader.flag("read_only")?,
            system_mandatory: reader.flag("system_mandatory")?,
            external: matches!(object.get("external"), Some(Value::Object(_))),
            api_create: reader.api_create()?,
            unique: reader.unique()?,
            picklist_values: reader.picklist_values()?,
            subform_module: reader.subform_module()?,
            api_name,
        })
    }

    /// A minimal field of the given name and type, with every default; handy
    /// for building metadata in code.
    #[must_use]
    pub fn new(api_name: impl Into<String>, data_type: DataType) -> Self {
        Self {
            api_name: api_name.into(),
            data_type,
            json_type: None,
            label: None,
            length: None,
            decimal_place: None,
            read_only: false,
            system_mandatory: false,
            external: false,
            api_create: None,
            unique: None,
            picklist_values: Vec::new(),
            subform_module: None,
        }
    }
}

/// A module's field metadata: a parsed `{"fields":[…]}` response.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct FieldsMeta {
    fields: Vec<FieldMeta>,
    by_name: HashMap<String, usize, foldhash::fast::RandomState>,
}

impl FieldsMeta {
    /// Parses a fields response.
    ///
    /// # Errors
    ///
    /// [`MetadataError`] naming the entry at fault when the document is not a
    /// `{"fields":[…]}` object, a field lacks `api_name`, a read key has the
    /// wrong type, or two fields share an `api_name`.
    pub fn from_json(document: &Value) -> Result<Self, MetadataError> {
        let entries = top_level_array(document, "fields")?;
        let fields = entries
            .iter()
            .enumerate()
            .map(|(i, entry)| FieldMeta::from_json(entry, &format!("fields[{i}]")))
            .collect::<Result<Vec<_>, _>>()?;
        Self::from_fields(fields)
    }

    /// Builds metadata from fields made in code.
    ///
    /// # Errors
    ///
    /// [`MetadataError::DuplicateField`] when two fields share an `api_name`.
    pub fn from_fields(fields: Vec<FieldMeta>) -> Result<Self, MetadataError> {
        let mut by_name =
            HashMap::with_capacity_and_hasher(fields.len(), foldhash::fast::RandomState::default());
        for (i, field) in fields.iter().enumerate() {
            if by_name.insert(field.api_name.clone(), i).is_some() {
                return Err(MetadataError::DuplicateField {
                    path: format!("fields[{i}]"),
                    api_name: field.api_name.clone(),
                });
            }
        }
        Ok(Self { fields, by_name })
    }

    /// The field whose `api_name` is exactly `api_name`.
    #[must_use]
    pub fn get(&self, api_name: &str) -> Option<&FieldMeta> {
        self.by_name.get(api_name).map(|&i| &self.fields[i])
    }

    /// The field at `index` in metadata order.
    pub(crate) fn at(&self, index: usize) -> &FieldMeta {
        &self.fields[index]
    }

    /// The fields in metadata order.
    pub fn iter(&self) -> impl Iterator<Item = &FieldMeta> {
        self.fields.iter()
    }

    /// How many fields there are.
    #[must_use]
    pub fn len(&self) -> usize {
        self.fields.len()
    }

    /// Whether there are no fields at all.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.fields.is_empty()
    }
}

/// The array under `key` of a `{key: [...]}` response.
pub(crate) fn top_level_array<'a>(
    document: &'a Value,
    key: &'static str,
) -> Result<&'a [Value], MetadataError> {
    let Value::Object(object) = document else {
        return Err(MetadataError::NotAResponse {
            expected: key,
            problem: format!("the document is a JSON {}", json_kind(document)),
        });
    };
    match object.get(key) {
        Some(Value::Array(entries)) => Ok(entries),
        Some(other) => Err(MetadataError::NotAResponse {
            expected: key,
            problem: format!("`{key}` is a JSON {}, not an array", json_kind(other)),
        }),
        None => Err(MetadataError::NotAResponse {
            expected: key,
            problem: format!("it has no `{key}` array"),
        }),
    }
}

pub(crate) fn expect_object<'a>(
    value: &'a Value,
    path: &str,
) -> Result<&'a Map<String, Value>, MetadataError> {
    value.as_object().ok_or_else(|| MetadataError::WrongType {
        path: path.to_owned(),
        expected: "object",
        found: json_kind(value),
    })
}

/// Typed reads of one metadata object; `null` always reads as absent.
pub(crate) struct Reader<'a> {
    pub(crate) object: &'a Map<String, Value>,
    pub(crate) path: &'a str,
}

impl Reader<'_> {
    fn get(&self, key: &str) -> Option<&Value> {
        self.object.get(key).filter(|value| !value.is_null())
    }

    fn wrong(&self, key: &str, expected: &'static str, found: &Value) -> MetadataError {
        MetadataError::WrongType {
            path: format!("{}.{key}", self.path),
            expected,
            found: json_kind(found),
        }
    }

    pub(crate) fn string(&self, key: &str) -> Result<Option<String>, MetadataError> {
        match self.get(key) {
            None => Ok(None),
            Some(Value::String(text)) => Ok(Some(text.clone())),
            Some(other) => Err(self.wrong(key, "string", other)),
        }
    }

    pub(crate) fn flag(&self, key: &str) -> Result<bool, MetadataError> {
        match self.get(key) {
            None => Ok(false),
            Some(Value::Bool(flag)) => Ok(*flag),
            Some(other) => Err(self.wrong(key, "boolean", other)),
        }
    }

    /// A non-negative integer; Zoho writes a few of these as digit strings.
    fn unsigned(&self, key: &str) -> Result<Option<u64>, MetadataError> {
        match self.get(key) {
            None => Ok(None),
            Some(value @ Value::Number(number)) => number
                .as_u64()
                .map(Some)
                .ok_or_else(|| self.wrong(key, "non-negative integer", value)),
            Some(value @ Value::String(text)) => text
                .parse()
                .map(Some)
                .map_err(|_| self.wrong(key, "non-negative integer", value)),
            Some(other) => Err(self.wrong(key, "non-negative integer", other)),
        }
    }

    fn api_create(&self) -> Result<Option<bool>, MetadataError> {
        match self.get("operation_type") {
            None => Ok(None),
            Some(Value::Object(operations)) => {
                let nested_path = format!("{}.operation_type", self.path);
                let nested = Reader {
                    object: operations,
                    path: &nested_path,
                };
                // An operation_type without api_create allows creation.
                Ok(Some(
                    nested.get("api_create").is_none() || nested.flag("api_create")?,
                ))
            }
            Some(other) => Err(self.wrong("operation_type", "object", other)),
        }
    }

    fn unique(&self) -> Result<Option<bool>, MetadataError> {
        match self.get("unique") {
            Some(Value::Object(settings)) if !settings.is_empty() => {
                let nested_path = format!("{}.unique", self.path);
                let nested = Reader {
                    object: settings,
                    path: &nested_path,
                };
                Ok(Some(
                    nested.flag("case_sensitive")? || nested.flag("casesensitive")?,
                ))
            }
            None | Some(Value::Object(_) | Value::Bool(false)) => Ok(None),
            Some(other) => Err(self.wrong("unique", "object", other)),
        }
    }

    fn picklist_values(&self) -> Result<Vec<String>, MetadataError> {
        let Some(entries) = self.get("pick_list_values") else {
            return Ok(Vec::new());
        };
        let Value::Array(entries) = entries else {
            return Err(self.wrong("pick_list_values", "array", entries));
        };
        let mut values = Vec::with_capacity(entries.len());
        for (i, entry) in entries.iter().enumerate() {
            let path = format!("{}.pick_list_values[{i}]", self.path);
            let entry = Reader {
                object: expect_object(entry, &path)?,
                path: &path,
            };
            if let Some(value) = entry
                .string("actual_value")?
                .or(entry.string("display_value")?)
            {
                values.push(value);
            }
        }
        Ok(values)
    }

    fn subform_module(&self) -> Result<Option<String>, MetadataError> {
        for key in ["associated_module", "subform"] {
            if let Some(Value::Object(link)) = self.get(key) {
                let nested_path = format!("{}.{key}", self.path);
                let nested = Reader {
                    object: link,
                    path: &nested_path,
                };
                if let Some(module) = nested.string("module")? {
                    return Ok(Some(module));
                }
            }
        }
        Ok(None)
    }
}
