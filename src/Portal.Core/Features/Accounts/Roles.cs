namespace Portal.Core.Features.Accounts;

public static class Roles
{
    public const string Administrator = "Administrator";
    public const string Analyst = "Analyst";
    public const string Viewer = "Viewer";

    public static readonly IReadOnlyList<string> All = [Administrator, Analyst, Viewer];
}
