//! Migrations: safe when several instances start together.

use secrecy::SecretString;

use crate::helpers::empty_database;

#[tokio::test]
async fn two_instances_migrating_at_once_both_succeed_and_apply_each_migration_once() {
    let url = SecretString::from(empty_database().await);
    let (a, b, c) = tokio::join!(
        sharebook::storage::migrate(&url),
        sharebook::storage::migrate(&url),
        sharebook::storage::migrate(&url)
    );
    a.unwrap();
    b.unwrap();
    c.unwrap();
    let pool = sharebook::storage::pool(&url, 1).unwrap();
    let client = pool.get().await.unwrap();
    let rows = client
        .query(
            "SELECT version, count(*) FROM refinery_schema_history GROUP BY version",
            &[],
        )
        .await
        .unwrap();
    assert_eq!(
        rows.len() as i32,
        sharebook::storage::latest_migration_version()
    );
    assert!(rows.iter().all(|r| r.get::<_, i64>(1) == 1));
    assert!(
        sharebook::storage::schema_is_current(&client)
            .await
            .unwrap()
    );
}
