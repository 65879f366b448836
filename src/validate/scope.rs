//! Scope (spec §6.5): the OAuth scopes a clone needs.

use crate::options::Options;
use crate::plan::Plan;
use crate::zoho::{ErrorCode, ZohoError};

/// The operations that allow creating a record.
const CREATING: &[&str] = &["ALL", "CREATE", "WRITE"];

/// `OAUTH_SCOPE_MISMATCH` when scopes were given and none allows cloning.
pub(crate) fn check(plan: &Plan) -> Option<ZohoError> {
    let scopes = plan.options.scopes.as_ref()?;
    let module = plan.module.scope_name();
    let allowed = scopes
        .iter()
        .flat_map(|value| value.split(','))
        .any(|scope| allows(scope.trim(), module));
    (!allowed).then(|| ZohoError::new(ErrorCode::OauthScopeMismatch))
}

/// Whether the scopes (when given) allow a module name the registry
/// refuses: only `ZohoCRM.modules.ALL`, or a scope for that very name, can.
pub(crate) fn allows_unknown_module(options: &Options, name: &str) -> bool {
    let Some(scopes) = options.scopes.as_ref() else {
        return true;
    };
    let name = name.to_ascii_lowercase();
    scopes
        .iter()
        .flat_map(|value| value.split(','))
        .any(|scope| allows(scope.trim(), &name))
}

/// Whether one scope allows creating records of the module.
fn allows(scope: &str, module: &str) -> bool {
    let mut parts = scope.split('.');
    let (Some(service), Some(area)) = (parts.next(), parts.next()) else {
        return false;
    };
    if !service.eq_ignore_ascii_case("ZohoCRM") || !area.eq_ignore_ascii_case("modules") {
        return false;
    }
    match (parts.next(), parts.next(), parts.next()) {
        (Some(all), None, None) => all.eq_ignore_ascii_case("ALL"),
        (Some(name), Some(operation), None) => {
            name.eq_ignore_ascii_case(module)
                && CREATING.iter().any(|op| op.eq_ignore_ascii_case(operation))
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn module_scopes_need_a_creating_operation() {
        assert!(allows("ZohoCRM.modules.ALL", "leads"));
        assert!(allows("zohocrm.modules.leads.create", "leads"));
        assert!(allows("ZohoCRM.modules.leads.WRITE", "leads"));
        assert!(allows("ZohoCRM.modules.custom.ALL", "custom"));
        assert!(!allows("ZohoCRM.modules.leads.READ", "leads"));
        assert!(!allows("ZohoCRM.modules.contacts.ALL", "leads"));
        assert!(!allows("ZohoCRM.settings.ALL", "leads"));
        assert!(!allows("ZohoCRM.modules", "leads"));
    }
}
