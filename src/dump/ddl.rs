//! `CREATE TABLE` and `ALTER TABLE … ADD CONSTRAINT` → [`crate::schema::Table`].
