using Microsoft.EntityFrameworkCore;
using Portal.Core.Data;

namespace Portal.Core.Features.Accounts;

public sealed record UserPreferences(string? Culture, bool DarkMode);

public sealed class UserPreferencesService(IDbContextFactory<PortalDbContext> dbFactory, Audit.AuditLog audit)
{
    public async Task<UserPreferences> GetAsync(string userId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var prefs = await db.Users.Where(u => u.Id == userId)
            .Select(u => new UserPreferences(u.PreferredCulture, u.PrefersDarkMode))
            .FirstOrDefaultAsync(cancellationToken);
        return prefs ?? new UserPreferences(null, false);
    }

    public async Task SetDarkModeAsync(string userId, bool darkMode, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await db.Users.Where(u => u.Id == userId)
            .ExecuteUpdateAsync(s => s.SetProperty(u => u.PrefersDarkMode, darkMode), cancellationToken);
        await audit.RecordAsync(Audit.AuditActions.PreferenceChange, userId, userId, true, darkMode ? "dark theme" : "light theme",
            cancellationToken: cancellationToken);
    }
}
