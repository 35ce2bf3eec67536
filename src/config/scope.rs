//! Which target (and Cloud workspace) a page talks to, read from the address: `/@<target>/…`
//! for a configured target, `/@<target>/<account_id>/<workspace_id>/…` for a Cloud workspace.
//! Pure.

use super::targets::{Target, TargetKind, MAIN};
use crate::schemas::cloud::workspace_api_url;
use uuid::Uuid;

/// Which target (and Cloud workspace) the address names.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TargetScope {
    pub slug: String,
    pub workspace: Option<(Uuid, Uuid)>,
}

impl TargetScope {
    pub fn main() -> TargetScope {
        TargetScope {
            slug: MAIN.to_string(),
            workspace: None,
        }
    }

    /// The part of the address this scope takes, e.g. `/@acme/<account>/<workspace>`.
    pub fn prefix(&self) -> String {
        match (&self.slug[..], self.workspace) {
            (MAIN, None) => String::new(),
            (MAIN, Some((a, w))) => format!("/@{MAIN}/{a}/{w}"),
            (slug, None) => format!("/@{slug}"),
            (slug, Some((a, w))) => format!("/@{slug}/{a}/{w}"),
        }
    }
}

/// What a path below the deploy base starts with when it opens another target (`/@slug/…`).
pub const SCOPE_MARK: char = '@';

/// Reads the scope from a path below the deploy base (`/@acme/<a>/<w>/flow-runs` ->
/// acme's workspace). Anything else is the main target.
pub fn scope_from_path(path: &str) -> TargetScope {
    let mut parts = path.trim_start_matches('/').split('/');
    let Some(slug) = parts.next().and_then(|p| p.strip_prefix(SCOPE_MARK)) else {
        return TargetScope::main();
    };
    if slug.is_empty() {
        return TargetScope::main();
    }
    let account = parts.next().and_then(|p| Uuid::parse_str(p).ok());
    let workspace = parts.next().and_then(|p| Uuid::parse_str(p).ok());
    TargetScope {
        slug: slug.to_string(),
        workspace: account.zip(workspace),
    }
}

/// The API base a scope talks to: a server's own base, or a Cloud workspace's.
pub fn scope_api_base(target: &Target, resolved_api_base: &str, scope: &TargetScope) -> String {
    match (target.kind, scope.workspace) {
        (TargetKind::Cloud, Some((account, workspace))) => {
            workspace_api_url(resolved_api_base, account, workspace)
        }
        _ => resolved_api_base.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::{slug, Config};

    const URL: &str = "http://h/config.json";

    #[test]
    fn scopes_read_from_the_address() {
        assert_eq!(scope_from_path("/"), TargetScope::main());
        assert_eq!(scope_from_path("/flow-runs"), TargetScope::main());
        assert_eq!(scope_from_path("/@/x"), TargetScope::main());
        let a = "00000000-0000-0000-0000-00000000000a";
        let w = "00000000-0000-0000-0000-00000000000b";
        let scope = scope_from_path(&format!("/@acme/{a}/{w}/flow-runs"));
        assert_eq!(scope.slug, "acme");
        assert_eq!(
            scope.workspace.map(|(a, w)| (a.to_string(), w.to_string())),
            Some((a.to_string(), w.to_string()))
        );
        assert_eq!(scope.prefix(), format!("/@acme/{a}/{w}"));
        let staging = scope_from_path("/@staging/deployments");
        assert_eq!(staging.workspace, None);
        assert_eq!(staging.prefix(), "/@staging");
        assert_eq!(TargetScope::main().prefix(), "");
    }

    #[test]
    fn a_cloud_workspace_scope_talks_to_its_workspace() {
        let config = Config::parse(URL, r#"{"kind": "cloud"}"#).expect("parses");
        let target = &config.targets()[0];
        let scope = scope_from_path(
            "/@main/00000000-0000-0000-0000-00000000000a/00000000-0000-0000-0000-00000000000b/",
        );
        assert_eq!(
            scope_api_base(target, "http://h/api/", &scope),
            "http://h/api/accounts/00000000-0000-0000-0000-00000000000a/workspaces/00000000-0000-0000-0000-00000000000b"
        );
        assert_eq!(
            scope_api_base(target, "http://h/api", &TargetScope::main()),
            "http://h/api"
        );
        assert_eq!(slug("Acme Cloud (EU)"), "acme-cloud-eu");
    }
}
