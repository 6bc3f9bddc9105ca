namespace Portal.Core.Features.Accounts;

public static class PortalClaims
{
    /// <summary>Present (value "true") while the user still has a generated or temporary password.</summary>
    public const string MustChangePassword = "concordia:must_change_password";
    public const string Culture = "concordia:culture";
}
