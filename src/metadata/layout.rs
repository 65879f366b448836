use serde_json::Value;

use super::error::{MetadataError, json_kind};
use super::field::{Reader, expect_object, top_level_array};

/// A field as a layout section lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct LayoutField {
    /// The field's `api_name`.
    pub api_name: String,
    /// `required` in this layout; absent means `false`.
    pub required: bool,
}

/// One section of a layout.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Section {
    /// `api_name`, when present.
    pub api_name: Option<String>,
    /// `display_label`, when present.
    pub display_label: Option<String>,
    /// `name`, when present.
    pub name: Option<String>,
    /// The fields listed in the section, in order.
    pub fields: Vec<LayoutField>,
}

impl Section {
    /// Whether the section is called `name` by its `api_name`, `display_label`
    /// or `name`, compared ASCII-case-insensitively.
    #[must_use]
    pub fn is_called(&self, api_name: &str, label: &str) -> bool {
        let matches = |candidate: &Option<String>, wanted: &str| {
            candidate
                .as_deref()
                .is_some_and(|c| c.eq_ignore_ascii_case(wanted))
        };
        matches(&self.api_name, api_name)
            || matches(&self.display_label, label)
            || matches(&self.name, label)
    }
}

/// One layout of a module.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Layout {
    /// The layout's `id`, as a string (Zoho writes it as one).
    pub id: Option<String>,
    /// `api_name`, when present.
    pub api_name: Option<String>,
    /// The sections, in order.
    pub sections: Vec<Section>,
}

impl Layout {
    /// The `api_name`s of the fields this layout marks `required`.
    pub fn required_fields(&self) -> impl Iterator<Item = &str> {
        self.sections
            .iter()
            .flat_map(|section| &section.fields)
            .filter(|field| field.required)
            .map(|field| field.api_name.as_str())
    }
}

/// A parsed `{"layouts":[…]}` response.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Layouts {
    layouts: Vec<Layout>,
}

impl Layouts {
    /// Parses a layouts response.
    ///
    /// # Errors
    ///
    /// [`MetadataError`] naming the entry at fault when the document is not a
    /// `{"layouts":[…]}` object or an entry has the wrong shape.
    pub fn from_json(document: &Value) -> Result<Self, MetadataError> {
        let entries = top_level_array(document, "layouts")?;
        let layouts = entries
            .iter()
            .enumerate()
            .map(|(i, entry)| parse_layout(entry, &format!("layouts[{i}]")))
            .collect::<Result<_, _>>()?;
        Ok(Self { layouts })
    }

    /// Joins several layouts responses into one set.
    #[must_use]
    pub fn merged(parts: impl IntoIterator<Item = Self>) -> Self {
        Self {
            layouts: parts.into_iter().flat_map(|part| part.layouts).collect(),
        }
    }

    /// The layouts, in order.
    pub fn iter(&self) -> impl Iterator<Item = &Layout> {
        self.layouts.iter()
    }

    /// The layout whose `id` is `id`.
    #[must_use]
    pub fn get(&self, id: &str) -> Option<&Layout> {
        self.layouts
            .iter()
            .find(|layout| layout.id.as_deref() == Some(id))
    }
}

fn parse_layout(value: &Value, path: &str) -> Result<Layout, MetadataError> {
    let reader = Reader {
        object: expect_object(value, path)?,
        path,
    };
    let sections = list(reader.object.get("sections"), &format!("{path}.sections"))?
        .iter()
        .enumerate()
        .map(|(i, section)| parse_section(section, &format!("{path}.sections[{i}]")))
        .collect::<Result<_, _>>()?;
    Ok(Layout {
        id: id_string(reader.object.get("id")),
        api_name: reader.string("api_name")?,
        sections,
    })
}

fn parse_section(value: &Value, path: &str) -> Result<Section, MetadataError> {
    let reader = Reader {
        object: expect_object(value, path)?,
        path,
    };
    let mut fields = Vec::new();
    for (i, field) in list(reader.object.get("fields"), &format!("{path}.fields"))?
        .iter()
        .enumerate()
    {
        let field_path = format!("{path}.fields[{i}]");
        let field = Reader {
            object: expect_object(field, &field_path)?,
            path: &field_path,
        };
        // A section entry without api_name (a separator, say) names no field.
        if let Some(api_name) = field.string("api_name")? {
            let required = field.flag("required")?;
            fields.push(LayoutField { api_name, required });
        }
    }
    Ok(Section {
        api_name: reader.string("api_name")?,
        display_label: reader.string("display_label")?,
        name: reader.string("name")?,
        fields,
    })
}

/// An optional array: absent or `null` reads as empty.
fn list<'a>(value: Option<&'a Value>, path: &str) -> Result<&'a [Value], MetadataError> {
    match value {
        None | Some(Value::Null) => Ok(&[]),
        Some(Value::Array(entries)) => Ok(entries),
        Some(other) => Err(MetadataError::WrongType {
            path: path.to_owned(),
            expected: "array",
            found: json_kind(other),
        }),
    }
}

fn id_string(value: Option<&Value>) -> Option<String> {
    match value? {
        Value::String(id) => Some(id.clone()),
        Value::Number(id) => Some(id.to_string()),
        _ => None,
    }
}
