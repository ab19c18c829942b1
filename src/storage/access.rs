//! The caller's reach over labels, as SQL fragments every access-deciding read shares.
//!
//! The owner, direct shares and domain shares are expanded per user in `label_access` (kept in
//! step by triggers, migration V8); shares to Google Groups are added here for the groups the
//! caller is in, which only the Directory API knows.

use crate::domain::role::Role;

/// A sub-select giving `(label_id, rank, hidden)` for each label the caller reaches.
///
/// `rank` is their highest role, `hidden` the union of the fields hidden from them (none for the
/// owner), the owner's choice for them as a person included (`label_access` holds it already;
/// group shares add it here).
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
                CASE WHEN max(r.rank) = {owner} THEN '{{}}'::text[]
                     ELSE COALESCE(array_agg(DISTINCT f) FILTER (WHERE f IS NOT NULL), '{{}}') END
                    AS hidden
         FROM (SELECT a.label_id, a.role_rank AS rank, a.hidden_fields AS hidden
               FROM label_access a WHERE a.user_id = {user}{only_a}
               UNION ALL
               SELECT s.label_id, s.role_rank, s.hidden_fields || person_hidden_fields(s.label_id, {user})
               FROM shares s WHERE s.grantee_kind = 'group' AND s.grantee = ANY ({groups}){only_s}) r
         LEFT JOIN LATERAL unnest(r.hidden) f ON true
         GROUP BY r.label_id",
        owner = Role::Owner.rank()
    )
}

/// A statement giving `(id, name, role_rank, contact_count)`, then the select-list items `extra`
/// (empty, or starting with a comma), for the caller's first labels by name.
///
/// Labels come by `lower(name)`, then id, as everywhere labels are listed; at most `limit` of them,
/// only those where the caller's role is at least `min_rank` if given; `user` and `groups` as in
/// [`caller_labels`].
///
/// The caller's own rows come off `label_access_by_name` already in order, and that scan stops at
/// `limit` however many labels the caller has; each row carries its label's name and size (kept
/// there by triggers, V10 and V16), so without groups nothing else is read. With groups, their shares (few) are merged in before
/// the page is cut: a label among the first `limit` overall is among the first `limit` of whichever
/// branch holds it, so cutting the `label_access` branch first loses nothing, and where a label is
/// in both branches the higher role wins (a branch's row below `min_rank` cannot be the higher one).
pub fn caller_labels_by_name(
    user: &str,
    groups: Option<&str>,
    min_rank: Option<&str>,
    limit: &str,
    extra: &str,
) -> String {
    let at_least = |column: &str| {
        min_rank
            .map(|r| format!(" AND {column} >= {r}"))
            .unwrap_or_default()
    };
    // The caller's own first page, straight off `label_access_by_name`.
    let own_page = format!(
        "WHERE a.user_id = {user}{at_least_a}
         ORDER BY lower(a.label_name), a.label_id
         LIMIT {limit}",
        at_least_a = at_least("a.role_rank")
    );
    let Some(groups) = groups else {
        return format!(
            "SELECT a.label_id AS id, a.label_name AS name, a.role_rank,
                    a.contact_count::bigint AS contact_count{extra}
             FROM label_access a
             {own_page}"
        );
    };
    let own = format!("SELECT a.label_id, a.role_rank FROM label_access a {own_page}");
    format!(
        "SELECT l.id, l.name, r.role_rank, l.contact_count::bigint AS contact_count{extra}
         FROM (SELECT u.label_id, max(u.role_rank) AS role_rank
               FROM (({own})
                     UNION ALL
                     SELECT s.label_id, s.role_rank FROM shares s
                     WHERE s.grantee_kind = 'group' AND s.grantee = ANY ({groups}){at_least_s}) u
               GROUP BY u.label_id) r
         JOIN labels l ON l.id = r.label_id
         ORDER BY lower(l.name), l.id
         LIMIT {limit}",
        at_least_s = at_least("s.role_rank")
    )
}
