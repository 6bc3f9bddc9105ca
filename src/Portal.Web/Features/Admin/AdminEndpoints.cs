using System.Globalization;
using Microsoft.AspNetCore.Identity;
using Portal.Core.Features.Accounts;
using Portal.Core.Features.Administration;
using Portal.Core.Features.Audit;
using Portal.Core.Features.Exports;
using Portal.Web.Features.Account;
using Portal.Web.Features.Api;

namespace Portal.Web.Features.Admin;

/// <summary>Administrator downloads (usage and audit as spreadsheet-safe CSV) and the audit verification API.</summary>
public static class AdminEndpoints
{
    public const string AdminApiPolicy = "ApiAdministrator";

    public static WebApplicationBuilder AddPortalAdminApi(this WebApplicationBuilder builder)
    {
        builder.Services.AddAuthorizationBuilder().AddPolicy(AdminApiPolicy, policy => policy
            .AddAuthenticationSchemes(IdentityConstants.ApplicationScheme, AccessTokenAuthenticationHandler.SchemeName)
            .RequireAuthenticatedUser()
            .RequireRole(Roles.Administrator));
        return builder;
    }

    public static IEndpointRouteBuilder MapAdminEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var downloads = endpoints.MapGroup("/admin/export").RequireAuthorization(policy => policy.RequireRole(Roles.Administrator))
            .AuditDownloads().WithTags("Administration");
        downloads.MapGet("/usage.csv", UsageCsvAsync)
            .WithSummary("Uploads, compute minutes and runs per user and month, last 12 months.");
        downloads.MapGet("/audit.csv", AuditCsvAsync)
            .WithSummary("The audit log (filter by actor, action, from, to), with its hash chain.");

        var admin = endpoints.MapGroup("/api/admin").RequireAuthorization(AdminApiPolicy).WithTags("Administration");
        AdminUserApi.Map(admin);
        admin
            .MapGet("/audit/verify", async (AuditLog audit, CancellationToken cancellationToken) => TypedResults.Ok(
                await audit.VerifyAsync(cancellationToken)))
            .WithSummary("Walks the audit log's hash chain; reports whether it is intact and the first broken entry.");
        return endpoints;
    }

    private static async Task<IResult> UsageCsvAsync(UsageService usage, CancellationToken cancellationToken)
    {
        var report = await usage.ReportAsync(DateTimeOffset.UtcNow.AddYears(-1), cancellationToken);
        var csv = new SpreadsheetCsv().Row("user", "month", "uploaded_bytes", "compute_minutes", "runs");
        foreach (var row in report.ByUserAndMonth)
        {
            csv.Row(row.Email, row.Month, row.UploadedBytes, Math.Round(row.ComputeMinutes, 2), row.Runs);
        }

        return Results.File(csv.ToBytes(), "text/csv; charset=utf-8", $"concordia-usage-{DateTime.UtcNow:yyyyMMdd}.csv");
    }

    private static async Task<IResult> AuditCsvAsync(
        AuditLog audit, string? actor, string? action, string? from, string? to, CancellationToken cancellationToken)
    {
        var csv = new SpreadsheetCsv().Row("id", "time_utc", "actor", "source_ip", "action", "target", "outcome", "detail", "hash");
        const int pageSize = 1000;
        for (var page = 0; page < 1000; page++)
        {
            var entries = await audit.ListAsync(actor, action, Date(from), Date(to)?.AddDays(1), page, pageSize, cancellationToken);
            foreach (var e in entries)
            {
                csv.Row(e.Id, e.At, e.ActorName ?? e.ActorId, e.SourceIp, e.Action, e.Target, e.Outcome.ToString(), e.Detail, e.Hash);
            }

            if (entries.Count < pageSize)
            {
                break;
            }
        }

        return Results.File(csv.ToBytes(), "text/csv; charset=utf-8", $"concordia-audit-{DateTime.UtcNow:yyyyMMdd}.csv");
    }

    public static DateTimeOffset? Date(string? value) =>
        DateTime.TryParseExact(
            value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var d)
                ? new DateTimeOffset(d, TimeSpan.Zero) : null;
}
