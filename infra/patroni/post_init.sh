#!/bin/sh
# Patroni bootstrap.post_init: runs once on the member that initialised the cluster.
# $1 is a libpq connection string to the new primary (as the superuser).
# Creates the application role and database the chaos workload writes to.
set -eu
psql "$1" -v ON_ERROR_STOP=1 <<'SQL'
CREATE ROLE {{app_user}} LOGIN PASSWORD '{{app_password}}';
CREATE DATABASE {{app_database}} OWNER {{app_user}};
SQL
