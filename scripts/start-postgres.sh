#!/usr/bin/env bash
# Starts the local PostgreSQL 15 cluster if it is not running and makes sure the test role exists, so tests can
# reach it over 127.0.0.1:5432 with a password. Safe to run again. PostgreSQL itself comes from install-test-deps.sh.
#   PG_TEST_ROLE / PG_TEST_PASSWORD  the role the tests use (default orleans_test / orleans_test)
set -euo pipefail

role=${PG_TEST_ROLE:-orleans_test}
password=${PG_TEST_PASSWORD:-orleans_test}
version=15
cluster=main

as_root=()
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null || { echo "Need root (or sudo) to start PostgreSQL." >&2; exit 1; }
  as_root=(sudo)
fi

if ! pg_lsclusters -h 2>/dev/null | awk -v v="$version" -v c="$cluster" '$1 == v && $2 == c' | grep -q .; then
  echo "PostgreSQL $version cluster '$cluster' does not exist; run scripts/install-test-deps.sh first." >&2
  exit 1
fi

if ! pg_lsclusters -h | awk -v v="$version" -v c="$cluster" '$1 == v && $2 == c && $4 == "online"' | grep -q .; then
  "${as_root[@]}" pg_ctlcluster "$version" "$cluster" start
fi

for _ in $(seq 1 60); do
  pg_isready -q -h 127.0.0.1 -p 5432 && break
  sleep 0.5
done
pg_isready -h 127.0.0.1 -p 5432 >/dev/null || { echo "PostgreSQL did not accept connections on 127.0.0.1:5432 within 30 s." >&2; exit 1; }

as_postgres() { "${as_root[@]}" su postgres -s /bin/sh -c "$1"; }
if [ "$(id -u)" -ne 0 ]; then
  as_postgres() { sudo -u postgres sh -c "$1"; }
fi

# The role and password are literals of this script (no quoting from outside), created or reset idempotently.
as_postgres "psql -v ON_ERROR_STOP=1 -q -d postgres" <<SQL
DO \$\$
BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '${role}') THEN
    CREATE ROLE ${role} LOGIN CREATEDB PASSWORD '${password}';
  ELSE
    ALTER ROLE ${role} LOGIN CREATEDB PASSWORD '${password}';
  END IF;
END
\$\$;
SQL
echo "PostgreSQL $version is running on 127.0.0.1:5432; role ${role} can create databases."
