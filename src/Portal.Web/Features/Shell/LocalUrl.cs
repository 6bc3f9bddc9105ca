namespace Portal.Web.Features.Shell;

public static class LocalUrl
{
    /// <summary>The given path when it stays on this site ("/runs?page=2"), else "/": no open redirects.</summary>
    public static string OrRoot(string? url)
    {
        if (string.IsNullOrEmpty(url))
        {
            return "/";
        }

        var path = url.StartsWith('/') ? url : "/" + url;
        var beforeQuery = path.Split('?', 2)[0];
        var leavesSite = path.StartsWith("//", StringComparison.Ordinal)
            || path.StartsWith("/\\", StringComparison.Ordinal)
            || beforeQuery.Contains(':', StringComparison.Ordinal);
        return leavesSite ? "/" : path;
    }
}
