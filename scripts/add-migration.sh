#!/usr/bin/env bash
# Adds a migration with the same name to all three providers (Sqlite, SqlServer, PostgreSql).
# Usage: scripts/add-migration.sh <MigrationName>
set -euo pipefail
name="${1:?usage: scripts/add-migration.sh <MigrationName>}"
cd "$(dirname "$0")/.."
dotnet tool restore >/dev/null
for provider in Sqlite SqlServer PostgreSql; do
  project="migrations/Portal.Migrations.$provider"
  echo "== $provider"
  dotnet ef migrations add "$name" --project "$project" --startup-project "$project" --context PortalDbContext --output-dir Migrations
done
