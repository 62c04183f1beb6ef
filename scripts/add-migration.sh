#!/usr/bin/env bash
# Adds a migration NAME for both database providers (SQLite and SQL Server).
# Usage: bash scripts/add-migration.sh AddBudgets
set -euo pipefail
cd "$(dirname "$0")/.."
name="${1:?usage: add-migration.sh NAME}"
dotnet tool restore >/dev/null
for provider in Sqlite SqlServer; do
  dotnet ef migrations add "$name" --project src/DistrictPerf.Host \
    --context "${provider}DistrictPerfDbContext" \
    --output-dir "Migrations/$provider" --namespace "DistrictPerf.Host.Migrations.$provider"
done
# dotnet-ef puts the model snapshot in a folder named after the namespace; keep it beside the migrations.
for provider in Sqlite SqlServer; do
  stray="src/DistrictPerf.Host/DistrictPerf/Host/Migrations/$provider"
  if [ -d "$stray" ]; then mv "$stray"/*.cs "src/DistrictPerf.Host/Migrations/$provider/"; fi
done
rm -rf src/DistrictPerf.Host/DistrictPerf src/DistrictPerf.Host/design-time.db
