using System.Security.Claims;
using Portal.Core.Features.Audit;

namespace Portal.Web.Features.Account;

/// <summary>Audit events as a request sees them: the signed-in user (or the name tried) and the source address.</summary>
public static class AuditHttp
{
    public static AuditEvent Event(
        HttpContext? context, string action, string? target, AuditOutcome outcome, string? actorName = null, string? actorId = null,
            string? detail = null) =>
        new(action, target, outcome,
            actorId ?? context?.User.FindFirstValue(ClaimTypes.NameIdentifier),
            actorName ?? context?.User.Identity?.Name,
            context?.Connection.RemoteIpAddress?.ToString(),
            detail);
}
