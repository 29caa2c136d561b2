#!/bin/sh
# First start of the db container only: Keycloak's own database and role, apart from the portal's.
set -eu
psql -v ON_ERROR_STOP=1 -U "$POSTGRES_USER" -d "$POSTGRES_DB" \
  -v pw="$(cat /run/secrets/keycloak_db_password)" <<'SQL'
CREATE ROLE keycloak LOGIN PASSWORD :'pw';
CREATE DATABASE keycloak OWNER keycloak;
SQL
