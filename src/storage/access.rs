//! The caller's reach over labels, as SQL fragments every access-deciding read shares.
//!
//! The owner, direct shares and domain shares are expanded per user in `label_access` (kept in
//! step by triggers, migration V8); shares to Google Groups are added here for the groups the
//! caller is in, which only the Directory API knows.

/// A sub-select giving `(label_id, rank, hidden)` for each label the caller reaches: their highest
/// role and the union of the fields hidden from them (none for the owner).
///
/// `user` and `groups` are the statement's placeholders for the caller's id and group addresses;
/// `groups` is `None` for a statement prepared for callers in no group with shares (most), which
/// reads `label_access` alone. `label` (a placeholder or a column such as `c.label_id`) narrows it
/// to one label, which the planner turns into primary-key probes.
pub fn caller_labels(user: &str, groups: Option<&str>, label: Option<&str>) -> String {
    let (only_a, only_s) = match label {
        Some(l) => (
            format!(" AND a.label_id = {l}"),
            format!(" AND s.label_id = {l}"),
        ),
        None => (String::new(), String::new()),
    };
    let Some(groups) = groups else {
        // `OFFSET 0` keeps a per-contact use a primary-key probe: pulled up into a plain join,
        // the generic plan hashes all the caller's rows, however many labels they are in.
        let fence = if label.is_some() { " OFFSET 0" } else { "" };
        return format!(
            "SELECT a.label_id, a.role_rank AS rank, a.hidden_fields AS hidden
             FROM label_access a WHERE a.user_id = {user}{only_a}{fence}"
        );
    };
    format!(
        "SELECT r.label_id, max(r.rank) AS rank,
                CASE WHEN max(r.rank) = 5 THEN '{{}}'::text[]
                     ELSE COALESCE(array_agg(DISTINCT f) FILTER (WHERE f IS NOT NULL), '{{}}') END
                    AS hidden
         FROM (SELECT a.label_id, a.role_rank AS rank, a.hidden_fields AS hidden
               FROM label_access a WHERE a.user_id = {user}{only_a}
               UNION ALL
               SELECT s.label_id, s.role_rank, s.hidden_fields
               FROM shares s WHERE s.grantee_kind = 'group' AND s.grantee = ANY ({groups}){only_s}) r
         LEFT JOIN LATERAL unnest(r.hidden) f ON true
         GROUP BY r.label_id"
    )
}

/// A sub-select giving `(label_id, rank)` for each label the caller reaches, for listings that
/// show no contact fields (so need no hidden fields); `groups` as in [`caller_labels`].
fn caller_roles(user: &str, groups: Option<&str>) -> String {
    let Some(groups) = groups else {
        return format!(
            "SELECT a.label_id, a.role_rank AS rank FROM label_access a WHERE a.user_id = {user}"
        );
    };
    format!(
        "SELECT r.label_id, max(r.rank) AS rank
         FROM (SELECT a.label_id, a.role_rank AS rank FROM label_access a WHERE a.user_id = {user}
               UNION ALL
               SELECT s.label_id, s.role_rank
               FROM shares s WHERE s.grantee_kind = 'group' AND s.grantee = ANY ({groups})) r
         GROUP BY r.label_id"
    )
}

/// A sub-select giving `(id, name, role_rank, contact_count)` for the caller's first labels by name.
///
/// Labels come by `lower(name)`, then id, as everywhere labels are listed; at most `limit` of them,
/// only those where the caller's role is at least `min_rank` if given; `user` and `groups` as in
/// [`caller_labels`].
///
/// Without groups the rows come off `label_access_by_name` already in order, and the scan stops
/// at `limit` however many labels the caller has; with groups, their shares are merged in and
/// sorted (few callers, few group shares).
pub fn caller_labels_by_name(
    user: &str,
    groups: Option<&str>,
    min_rank: Option<&str>,
    limit: &str,
) -> String {
    let Some(groups) = groups else {
        let at_least = min_rank
            .map(|r| format!(" AND a.role_rank >= {r}"))
            .unwrap_or_default();
        return format!(
            "SELECT l.id, l.name, a.role_rank, l.contact_count::bigint AS contact_count
             FROM label_access a JOIN labels l ON l.id = a.label_id
             WHERE a.user_id = {user}{at_least}
             ORDER BY lower(a.label_name), a.label_id
             LIMIT {limit}"
        );
    };
    let at_least = min_rank
        .map(|r| format!(" WHERE v.rank >= {r}"))
        .unwrap_or_default();
    format!(
        "SELECT l.id, l.name, v.rank AS role_rank, l.contact_count::bigint AS contact_count
         FROM ({roles}) v JOIN labels l ON l.id = v.label_id{at_least}
         ORDER BY lower(l.name), l.id
         LIMIT {limit}",
        roles = caller_roles(user, Some(groups))
    )
}
