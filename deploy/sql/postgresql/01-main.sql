-- Orleans.Analytics on PostgreSQL (15 or later): the table every Orleans ADO.NET provider reads its queries from.
--
-- Apply the files of this folder in name order to an empty database, as the silo's role or its owner:
--   for f in deploy/sql/postgresql/*.sql; do psql -v ON_ERROR_STOP=1 -d orleans -f "$f"; done
-- The postgres image runs them the same way when the folder is mounted at /docker-entrypoint-initdb.d.
-- Every file is plain SQL in one transaction and can be applied again: tables are created when missing and the
-- query texts are replaced, so a newer copy of these files updates the queries of an existing database.
--
-- The contract with Orleans (Microsoft.Orleans.*.AdoNet 10.x, invariant "Npgsql"):
--   * At start each provider runs "SELECT QueryKey, QueryText FROM OrleansQuery" and fails when a key it needs is
--     missing. It then runs the texts with named parameters (@DeploymentId, @GrainIdHash, ...) and reads result
--     columns by name; PostgreSQL folds unquoted names to lower case and Npgsql matches names case-insensitively.
--   * Versions (ETags) are integers. A write names the version it last read; it succeeds only if that is still
--     the stored version, which it then increments (optimistic concurrency).
--   * Queries that answer "did it work" return one row with one integer column: 1 (yes) or 0 (no, nothing changed).

BEGIN;

CREATE TABLE IF NOT EXISTS OrleansQuery
(
    QueryKey  varchar(64) NOT NULL,
    QueryText text        NOT NULL,
    CONSTRAINT OrleansQuery_Key PRIMARY KEY (QueryKey)
);

COMMIT;
