//! The module registry of spec §2: which modules can be cloned, their scope
//! names, and their clone-specific rules.

/// A standard module Zoho knows, with what cloning it needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct StandardModule {
    /// The API name, used everywhere.
    pub api_name: &'static str,
    /// The name used in OAuth scopes.
    pub scope_name: &'static str,
    /// The label shown in Zoho's UI.
    pub ui_label: &'static str,
    /// Fields the clone never copies from the parent (rule 9).
    pub dropped_fields: &'static [&'static str],
    /// Whether only the "Appointment Information" section is copied (rule 10).
    pub section_filter: bool,
}

const fn standard(
    api_name: &'static str,
    scope_name: &'static str,
    ui_label: &'static str,
) -> StandardModule {
    StandardModule {
        api_name,
        scope_name,
        ui_label,
        dropped_fields: &[],
        section_filter: false,
    }
}

/// The modules of spec §2, in its order.
pub const STANDARD_MODULES: &[StandardModule] = &[
    standard("Leads", "leads", "Leads"),
    standard("Accounts", "accounts", "Accounts"),
    standard("Contacts", "contacts", "Contacts"),
    standard("Deals", "deals", "Deals"),
    standard("Campaigns", "campaigns", "Campaigns"),
    standard("Tasks", "tasks", "Tasks"),
    standard("Cases", "cases", "Cases"),
    StandardModule {
        dropped_fields: &["Recurring_Activity", "Remind_At"],
        ..standard("Events", "events", "Meetings")
    },
    standard("Calls", "calls", "Calls"),
    standard("Solutions", "solutions", "Solutions"),
    standard("Products", "products", "Products"),
    standard("Vendors", "vendors", "Vendors"),
    standard("Price_Books", "pricebooks", "Price Books"),
    standard("Quotes", "quotes", "Quotes"),
    standard("Sales_Orders", "salesorders", "Sales Orders"),
    standard("Purchase_Orders", "purchaseorders", "Purchase Orders"),
    standard("Invoices", "invoices", "Invoices"),
    StandardModule {
        dropped_fields: &[
            "Status",
            "Reschedule_Count",
            "Job_Sheet_Created__s",
            "Job_Sheet_Section__s",
        ],
        section_filter: true,
        ..standard("Appointments__s", "appointments", "Appointments")
    },
    standard(
        "Appointments_Rescheduled_History__s",
        "appointments_rescheduled_history",
        "Appointments Rescheduled History",
    ),
    StandardModule {
        dropped_fields: &["Status", "Unavailable_From", "Unavailable_Till"],
        ..standard("Services__s", "services", "Services")
    },
];

/// Modules that exist in Zoho but cannot be cloned.
pub const NOT_CLONABLE: &[&str] = &[
    "Notes",
    "Attachments",
    "Activities",
    "Visits",
    "Emails",
    "Users",
    "Invited_Events",
    "Actions_Performed",
    "Approvals",
    "Home",
    "Feeds",
    "Reports",
    "Dashboards",
    "Analytics",
    "Documents",
    "Forecasts",
];

/// The module a plan clones records of.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Module {
    /// One of the standard modules of spec §2.
    Standard(&'static StandardModule),
    /// A custom module, by API name.
    Custom(String),
}

/// Why a module name cannot be cloned.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum InvalidModule {
    /// A module Zoho does not clone, such as `Notes`.
    NotClonable,
    /// A UI label or a miscased name; the API name meant is given.
    UseApiName(&'static str),
    /// A custom module name without field metadata.
    Unknown,
}

impl Module {
    /// Resolves a module name as spec §2 does; `has_metadata` says whether
    /// field metadata was supplied (a custom module needs it).
    ///
    /// # Errors
    ///
    /// [`InvalidModule`] when the name cannot be cloned.
    pub fn resolve(name: &str, has_metadata: bool) -> Result<Self, InvalidModule> {
        if let Some(module) = STANDARD_MODULES.iter().find(|m| m.api_name == name) {
            return Ok(Self::Standard(module));
        }
        if NOT_CLONABLE.iter().any(|m| m.eq_ignore_ascii_case(name)) {
            return Err(InvalidModule::NotClonable);
        }
        let meant = STANDARD_MODULES.iter().find(|m| {
            m.api_name.eq_ignore_ascii_case(name) || m.ui_label.eq_ignore_ascii_case(name)
        });
        if let Some(module) = meant {
            return Err(InvalidModule::UseApiName(module.api_name));
        }
        if has_metadata && !name.is_empty() {
            Ok(Self::Custom(name.to_owned()))
        } else {
            Err(InvalidModule::Unknown)
        }
    }

    /// The API name.
    #[must_use]
    pub fn api_name(&self) -> &str {
        match self {
            Self::Standard(module) => module.api_name,
            Self::Custom(name) => name,
        }
    }

    /// The name used in OAuth scopes (`custom` for custom modules).
    #[must_use]
    pub fn scope_name(&self) -> &str {
        match self {
            Self::Standard(module) => module.scope_name,
            Self::Custom(_) => "custom",
        }
    }

    /// The fields rule 9 drops for this module.
    #[must_use]
    pub fn dropped_fields(&self) -> &'static [&'static str] {
        match self {
            Self::Standard(module) => module.dropped_fields,
            Self::Custom(_) => &[],
        }
    }

    /// Whether rule 10 (only the "Appointment Information" section) applies.
    #[must_use]
    pub fn has_section_filter(&self) -> bool {
        matches!(self, Self::Standard(module) if module.section_filter)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn standard_names_resolve_exactly() {
        let module = Module::resolve("Events", false).unwrap();
        assert_eq!(module.scope_name(), "events");
        assert_eq!(module.dropped_fields(), ["Recurring_Activity", "Remind_At"]);
        assert_eq!(STANDARD_MODULES.len(), 20);
    }

    #[test]
    fn labels_and_miscased_names_point_at_the_api_name() {
        for (name, meant) in [
            ("Meetings", "Events"),
            ("Price Books", "Price_Books"),
            ("Services", "Services__s"),
            ("Appointments", "Appointments__s"),
            ("leads", "Leads"),
            ("events", "Events"),
        ] {
            assert_eq!(
                Module::resolve(name, true),
                Err(InvalidModule::UseApiName(meant)),
                "{name}"
            );
        }
    }

    #[test]
    fn not_clonable_modules_are_refused_even_with_metadata() {
        assert_eq!(
            Module::resolve("Notes", true),
            Err(InvalidModule::NotClonable)
        );
        assert_eq!(
            Module::resolve("Activities", true),
            Err(InvalidModule::NotClonable)
        );
    }

    #[test]
    fn custom_modules_need_metadata() {
        assert_eq!(
            Module::resolve("Projects_X", true),
            Ok(Module::Custom("Projects_X".into()))
        );
        assert_eq!(
            Module::resolve("Projects_X", false),
            Err(InvalidModule::Unknown)
        );
        assert_eq!(
            Module::resolve("Projects_X", true).unwrap().scope_name(),
            "custom"
        );
    }
}
