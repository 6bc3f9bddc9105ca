using Microsoft.EntityFrameworkCore;
using Portal.Core.Data;
using Portal.Core.Features.Audit;

namespace Portal.Core.Features.Administration;

/// <summary>Records an administrator's change to an account, named by its email: the log is read by people.</summary>
public sealed class AccountAudit(AuditLog audit, IDbContextFactory<PortalDbContext> dbFactory)
{
    /// <summary>The account's email, or its id when there is no such account; read before a change (a deleted account has none
    /// after).</summary>
    public AuditLog Log => audit;

    public async Task<string> EmailOfAsync(string userId)
    {
        await using var db = await dbFactory.CreateDbContextAsync();
        return await db.Users.Where(u => u.Id == userId).Select(u => u.Email).FirstOrDefaultAsync() ?? userId;
    }

    /// <summary>Writes the entry (the problem as detail when refused) and hands the result back.</summary>
    public async Task<AdminResult> RecordAsync(
        string action, string actorId, string target, AdminResult result, string? detail, AuditOutcome refused = AuditOutcome.Denied)
    {
        await audit.RecordAsync(action, actorId, target, result.Succeeded, result.Problem ?? detail, refused);
        return result;
    }
}
