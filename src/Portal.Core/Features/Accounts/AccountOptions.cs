using System.ComponentModel.DataAnnotations;

namespace Portal.Core.Features.Accounts;

public sealed class AccountOptions
{
    public const string SectionName = "Accounts";

    /// <summary>Open self-registration; off by default because accounts are handed out by administrators.</summary>
    public bool AllowSelfRegistration { get; set; }

    /// <summary>The role a self-registered account gets; least privilege by default.</summary>
    [RegularExpression("^(Administrator|Analyst|Viewer)$")]
    public string SelfRegistrationRole { get; set; } = Roles.Viewer;

    [Required, EmailAddress]
    public string AdminEmail { get; set; } = "admin@concordia.local";

    /// <summary>When empty, a password is generated on first start, printed once to the log and must be changed at first sign-in.</summary>
    public string? AdminPassword { get; set; }

    [Range(12, 128)]
    public int MinimumPasswordLength { get; set; } = 12;

    [Range(1, 100)]
    public int MaxFailedSignInAttempts { get; set; } = 5;

    [Range(1, 24 * 60)]
    public int LockoutMinutes { get; set; } = 15;

    [Range(1, 24 * 60)]
    public int IdleTimeoutMinutes { get; set; } = 30;

    /// <summary>How often an open page re-checks that its user may still be signed in (disabled, roles, password changed).</summary>
    [Range(1, 3600)]
    public int RevalidationSeconds { get; set; } = 60;

    /// <summary>How long an invitation link stays valid.</summary>
    [Range(1, 90)]
    public int InvitationDays { get; set; } = 7;
}
