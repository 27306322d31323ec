use serde::{Deserialize, Serialize};

/// What kind of principal is calling.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum PrincipalKind {
    /// An autonomous agent holding a Moat-issued token or API key.
    Agent,
    /// A person, usually authenticated through an external OpenID Connect provider.
    User,
}

/// Who is calling: the authenticated principal of a request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Identity {
    /// Agent or user.
    pub kind: PrincipalKind,
    /// Stable identifier: agent name, or the OIDC `sub`.
    pub id: String,
    /// Identifier of the credential used (API key prefix or token `jti`), never the secret.
    pub credential_id: Option<String>,
    /// Groups the principal belongs to.
    pub groups: Vec<String>,
    /// Scopes granted to the credential, e.g. `models:gpt-4o`.
    pub scopes: Vec<String>,
}

impl Identity {
    /// An agent with no groups or scopes.
    pub fn agent(id: impl Into<String>) -> Self {
        Identity {
            kind: PrincipalKind::Agent,
            id: id.into(),
            credential_id: None,
            groups: Vec::new(),
            scopes: Vec::new(),
        }
    }
}
