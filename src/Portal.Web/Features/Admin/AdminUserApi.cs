using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Localization;
using Portal.Core.Features.Administration;
using Portal.Web.Features.Account;
using Portal.Web.Features.Localization;
using Portal.Web.Features.Api;

namespace Portal.Web.Features.Admin;

public sealed record AdminUserDto(
    string Id, string Email, string? DisplayName, string Role, bool Disabled, bool LockedOut, long StorageBytes, DateTimeOffset CreatedAt)
{
    public static AdminUserDto From(UserSummary s) => new(
        s.User.Id, s.User.Email ?? "?", s.User.DisplayName, s.Role, s.Disabled, s.LockedOut, s.StorageBytes, s.User.CreatedAt);
}

public sealed record AdminUserListDto(int Total, int Page, int PageSize, IReadOnlyList<AdminUserDto> Items);

/// <summary>One account with the administrator's quota overrides (null: the default) and what the limits come to now.</summary>
public sealed record AdminUserDetailDto(AdminUserDto User, QuotaOverridesDto Overrides, QuotaDto Quota);

/// <summary>Per-user quota overrides; a field left null means the portal's default.</summary>
public sealed record QuotaOverridesDto(
    long? StorageBytes, long? MaxUploadBytes, int? MaxActiveRuns, int? ComputeMinutesPerMonth, int? MaxRunMinutes);

/// <summary>What <c>POST /api/admin/users</c> reads; <c>invite</c> answers an invitation link instead of a temporary password.</summary>
public sealed record CreateUserBody(string? Email, string? DisplayName, string? Role, bool? Invite);

public sealed record CreatedUserDto(string Id, string Email, string Role, string? TemporaryPassword, string? InvitationLink);

public sealed record RoleBody(string? Role);

/// <summary>
/// REST for administrators, through the same services as the user pages (which check the rules — never the last
/// administrator, never oneself — and audit): list and read accounts, create one, change its role, disable or enable it,
/// and set its quota overrides.
/// </summary>
internal static class AdminUserApi
{
    public static void Map(RouteGroupBuilder admin)
    {
        admin.MapGet("/users", ListAsync).WithSummary("Accounts by e-mail (search in e-mail and name; page from 0, pageSize up to 200).");
        admin.MapGet("/users/{id}", GetAsync).WithSummary("One account with its quota overrides and its limits and usage now.");
        admin.MapPost("/users", CreateAsync).WithSummary(
            "Create an account (role Administrator, Analyst or Viewer); the temporary password or invitation link is in the answer once.");
        admin.MapPut("/users/{id}/role", RoleAsync).WithSummary(
            "Give the account another role; its open pages follow at their next check.");
        admin.MapPost("/users/{id}/disable", (
                string id, ClaimsPrincipal user, UserAdminService admins, IStringLocalizer<SharedResource> text) =>
            DisableAsync(id, true, user, admins, text)).WithSummary("Disable the account: it cannot sign in and its tokens stop working.");
        admin.MapPost("/users/{id}/enable", (
                string id, ClaimsPrincipal user, UserAdminService admins, IStringLocalizer<SharedResource> text) =>
            DisableAsync(id, false, user, admins, text)).WithSummary("Enable a disabled account again.");
        admin.MapPut("/users/{id}/quota", QuotaAsync).WithSummary("Set the account's quota overrides (null fields: the default).");
    }


    private static async Task<Ok<AdminUserListDto>> ListAsync(
        UserDirectoryService directory, string? search, int? page, int? pageSize, CancellationToken cancellationToken)
    {
        var size = Math.Clamp(pageSize ?? 50, 1, 200);
        var list = await directory.ListAsync(search, Math.Max(0, page ?? 0), size, cancellationToken);
        return TypedResults.Ok(new AdminUserListDto(
            list.Total, Math.Max(0, page ?? 0), size, list.Items.Select(AdminUserDto.From).ToList()));
    }

    private static async Task<Results<Ok<AdminUserDetailDto>, ProblemHttpResult>> GetAsync(
        string id, UserDirectoryService directory, QuotaService quotas, CancellationToken cancellationToken)
    {
        if (await directory.FindAsync(id, cancellationToken) is not { } summary)
        {
            return ApiRefusals.NotFound("No such account.");
        }

        var o = await quotas.OverridesAsync(id, cancellationToken);
        return TypedResults.Ok(new AdminUserDetailDto(
            AdminUserDto.From(summary), new QuotaOverridesDto(o.StorageBytes, o.MaxUploadBytes, o.MaxActiveRuns, o.ComputeMinutesPerMonth,
                o.MaxRunMinutes), QuotaDto.From(await quotas.UsageAsync(id, cancellationToken))));
    }

    private static async Task<Results<Created<CreatedUserDto>, ProblemHttpResult>> CreateAsync(
        CreateUserBody body, HttpContext context, UserAdminService admins, IStringLocalizer<SharedResource> text)
    {
        var invite = body.Invite ?? false;
        var role = body.Role ?? Portal.Core.Features.Accounts.Roles.Analyst;
        var result = await admins.CreateAsync(
            context.User.CallerId(), body.Email ?? string.Empty, body.DisplayName, role, invite, context.RequestAborted);
        if (!result.Succeeded)
        {
            return Problem(result.Problem!, text, result.Secret);
        }

        var link = invite ? $"{context.Request.Scheme}://{context.Request.Host}/Account/Invitation?token={result.Secret}" : null;
        return TypedResults.Created($"/api/admin/users/{result.UserId}", new CreatedUserDto(
            result.UserId!, body.Email!.Trim(), role, invite ? null : result.Secret, link));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> RoleAsync(
        string id, RoleBody body, ClaimsPrincipal user, UserAdminService admins, IStringLocalizer<SharedResource> text)
    {
        var result = await admins.SetRoleAsync(user.CallerId(), id, body.Role ?? string.Empty);
        return result.Succeeded ? TypedResults.NoContent() : Problem(result.Problem!, text);
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> DisableAsync(
        string id, bool disabled, ClaimsPrincipal user, UserAdminService admins, IStringLocalizer<SharedResource> text)
    {
        var result = await admins.SetDisabledAsync(user.CallerId(), id, disabled);
        return result.Succeeded ? TypedResults.NoContent() : Problem(result.Problem!, text);
    }

    private static async Task<Results<Ok<AdminUserDetailDto>, ProblemHttpResult>> QuotaAsync(
        string id, QuotaOverridesDto body, ClaimsPrincipal user, UserDirectoryService directory, QuotaService quotas,
        IStringLocalizer<SharedResource> text, CancellationToken cancellationToken)
    {
        if (await directory.FindAsync(id, cancellationToken) is null)
        {
            return Problem("Admin.NotFound", text);
        }

        var saved = await quotas.SetOverridesAsync(user.CallerId(), new UserQuota
        {
            UserId = id, StorageBytes = body.StorageBytes, MaxUploadBytes = body.MaxUploadBytes, MaxActiveRuns = body.MaxActiveRuns,
            ComputeMinutesPerMonth = body.ComputeMinutesPerMonth, MaxRunMinutes = body.MaxRunMinutes,
        }, cancellationToken);
        return saved ? await GetAsync(id, directory, quotas, cancellationToken) : Problem("Admin.QuotaInvalid", text);
    }

    private static ProblemHttpResult Problem(
        string code, IStringLocalizer<SharedResource> text, string? detail = null) => TypedResults.Problem(
        statusCode: code switch
        {
            "Admin.NotFound" => 404,
            "Admin.EmailTaken" or "Admin.LastAdministrator" => 409,
            _ => 400,
        },
        title: AdminText.Problem(text, code, detail), extensions: new Dictionary<string, object?> { ["code"] = code });
}
