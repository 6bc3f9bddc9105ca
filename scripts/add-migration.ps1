# Adds a migration with the same name to all three providers (Sqlite, SqlServer, PostgreSql).
# Usage: ./scripts/add-migration.ps1 <MigrationName>
param([Parameter(Mandatory = $true)][string]$Name)
$ErrorActionPreference = 'Stop'
Set-Location (Join-Path $PSScriptRoot '..')
dotnet tool restore | Out-Null
foreach ($provider in 'Sqlite', 'SqlServer', 'PostgreSql') {
    $project = "migrations/Portal.Migrations.$provider"
    Write-Host "== $provider"
    dotnet ef migrations add $Name --project $project --startup-project $project --context PortalDbContext --output-dir Migrations
    if ($LASTEXITCODE -ne 0) { exit $LASTEXITCODE }
}
