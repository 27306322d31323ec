//! Filters for `moat audit query` and `export`.

use time::OffsetDateTime;

use crate::event::to_micros;

/// Which events to return. Every set field must match; `None` means any.
#[derive(Debug, Clone, Default)]
pub struct EventFilter {
    /// Only this instance's chain.
    pub instance: Option<String>,
    /// At or after this time.
    pub since: Option<OffsetDateTime>,
    /// Strictly before this time.
    pub until: Option<OffsetDateTime>,
    /// Actor id (agent name or user subject).
    pub actor: Option<String>,
    /// Credential id (API key or token id).
    pub credential: Option<String>,
    /// Route name.
    pub route: Option<String>,
    /// Action taken.
    pub action: Option<String>,
    /// Events with at least one finding of this type.
    pub finding: Option<String>,
    /// Request id.
    pub request_id: Option<String>,
    /// At most this many events.
    pub limit: Option<u64>,
}

pub(crate) enum Arg {
    Int(i64),
    Text(String),
}

impl EventFilter {
    pub(crate) fn to_sql(&self, cols: &str, engine: crate::Engine) -> (String, Vec<Arg>) {
        let mut conds = Vec::new();
        let mut args = Vec::new();
        let mut add = |cond: &str, a: Arg| {
            args.push(a);
            conds.push(cond.replace('?', &format!("${}", args.len())));
        };
        if let Some(v) = &self.instance {
            add("instance = ?", Arg::Text(v.clone()));
        }
        if let Some(v) = self.since {
            add("time_us >= ?", Arg::Int(to_micros(v)));
        }
        if let Some(v) = self.until {
            add("time_us < ?", Arg::Int(to_micros(v)));
        }
        if let Some(v) = &self.actor {
            add("actor_id = ?", Arg::Text(v.clone()));
        }
        if let Some(v) = &self.credential {
            add("credential_id = ?", Arg::Text(v.clone()));
        }
        if let Some(v) = &self.route {
            add("route = ?", Arg::Text(v.clone()));
        }
        if let Some(v) = &self.action {
            add("action = ?", Arg::Text(v.clone()));
        }
        if let Some(v) = &self.finding {
            // `,kind,` inside the `,a,b,` column (no LIKE: `_` is common in kinds).
            let cond = match engine {
                crate::Engine::Sqlite => "instr(finding_types, ?) > 0",
                crate::Engine::Postgres => "strpos(finding_types, ?) > 0",
            };
            add(cond, Arg::Text(format!(",{},", v.replace(',', ""))));
        }
        if let Some(v) = &self.request_id {
            add("request_id = ?", Arg::Text(v.clone()));
        }
        let mut sql = format!("SELECT {cols} FROM audit_events");
        if !conds.is_empty() {
            sql.push_str(" WHERE ");
            sql.push_str(&conds.join(" AND "));
        }
        sql.push_str(" ORDER BY time_us, instance, seq");
        if let Some(l) = self.limit {
            args.push(Arg::Int(i64::try_from(l).unwrap_or(i64::MAX)));
            sql.push_str(&format!(" LIMIT ${}", args.len()));
        }
        (sql, args)
    }
}
