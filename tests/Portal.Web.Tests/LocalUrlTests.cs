using Portal.Web.Features.Shell;

namespace Portal.Web.Tests;

public class LocalUrlTests
{
    [Theory]
    [InlineData("/runs?page=2", "/runs?page=2")]
    [InlineData("runs", "/runs")]
    [InlineData("/search?q=a:b", "/search?q=a:b")]
    [InlineData(null, "/")]
    [InlineData("", "/")]
    [InlineData("//evil.example/", "/")]
    [InlineData("/\\evil.example", "/")]
    [InlineData("https://evil.example/", "/")]
    [InlineData("javascript:alert(1)", "/")]
    public void Only_paths_on_this_site_are_kept(string? url, string expected) => Assert.Equal(expected, LocalUrl.OrRoot(url));
}
