using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Portal.Core.Features.Accounts;
using Portal.Core.Features.Administration;
using Portal.Web.Features.Api;

namespace Portal.Web.Features.Account;

/// <summary>The caller's limits and what they use of them now: storage, active runs, compute minutes this month.</summary>
public sealed record QuotaDto(
    long StorageBytes, long StorageUsedBytes, long MaxUploadBytes, int MaxActiveRuns, int ActiveRuns, int ComputeMinutesPerMonth,
    double ComputeMinutesUsedThisMonth, int MaxRunMinutes)
{
    public static QuotaDto From(QuotaUsage u) => new(
        u.Limits.StorageBytes, u.StorageBytes, u.Limits.MaxUploadBytes, u.Limits.MaxActiveRuns, u.ActiveRuns,
        u.Limits.ComputeMinutesPerMonth,
        Math.Round(u.ComputeMinutesThisMonth, 2), u.Limits.MaxRunMinutes);
}

public sealed record MeDto(string Id, string Email, string? DisplayName, IReadOnlyList<string> Roles, string? Culture, QuotaDto Quota);

/// <summary>REST: <c>GET /api/me</c> — who the token or cookie signs in, and their quotas and usage.</summary>
public static class MeApi
{
    public static IEndpointRouteBuilder MapMeApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapApiGroup("/api/me").WithTags("Account").MapGet("", MeAsync).WithSummary(
            "Your account, roles, quotas and what you use of them (storage, active runs, compute minutes this month).");
        return endpoints;
    }

    private static async Task<Results<Ok<MeDto>, ProblemHttpResult>> MeAsync(
        ClaimsPrincipal user, UserManager<PortalUser> users, QuotaService quotas, CancellationToken cancellationToken)
    {
        if (await users.FindByIdAsync(user.FindFirstValue(ClaimTypes.NameIdentifier)!) is not { } account)
        {
            return ApiRefusals.NotFound("No such account.");
        }

        var usage = await quotas.UsageAsync(account.Id, cancellationToken);
        return TypedResults.Ok(new MeDto(
            account.Id, account.Email ?? "?", account.DisplayName, [.. await users.GetRolesAsync(account)], account.PreferredCulture,
            QuotaDto.From(usage)));
    }
}
