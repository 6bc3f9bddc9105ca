using Microsoft.AspNetCore.Identity;

namespace Portal.Core.Features.Accounts;

public class PortalUser : IdentityUser
{
    public string? DisplayName { get; set; }

    /// <summary>"en" or "zh-CN"; null means the browser's language decides.</summary>
    public string? PreferredCulture { get; set; }

    public bool PrefersDarkMode { get; set; }

    /// <summary>Set for generated or temporary passwords; the portal sends the user to change it before anything else.</summary>
    public bool MustChangePassword { get; set; }

    public DateTimeOffset CreatedAt { get; set; } = DateTimeOffset.UtcNow;

    /// <summary>Set by an administrator: the account cannot sign in or use tokens, and open pages lose access.</summary>
    public DateTimeOffset? DisabledAt { get; set; }
}
