using System.Net;
using System.Text.RegularExpressions;

namespace Portal.IntegrationTests.Infrastructure;

/// <summary>Drives the static account pages the way a browser does: GET the form, POST it with its antiforgery token.</summary>
public sealed partial class PortalSession(HttpClient client)
{
    public HttpClient Client => client;

    public async Task<HttpResponseMessage> SignInAsync(string email, string password)
    {
        var token = await GetAntiforgeryTokenAsync("/Account/Login");
        return await client.PostAsync("/Account/Login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "login",
            ["__RequestVerificationToken"] = token,
            ["Input.Email"] = email,
            ["Input.Password"] = password,
        }));
    }

    public async Task<HttpResponseMessage> ChangePasswordAsync(
        string oldPassword, string newPassword, string? confirm = null, string path = "/Account/Manage/ChangePassword")
    {
        var token = await GetAntiforgeryTokenAsync(path);
        return await client.PostAsync(path, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "change-password",
            ["__RequestVerificationToken"] = token,
            ["Input.OldPassword"] = oldPassword,
            ["Input.NewPassword"] = newPassword,
            ["Input.ConfirmPassword"] = confirm ?? newPassword,
        }));
    }

    public async Task<string> GetAntiforgeryTokenAsync(string path)
    {
        var response = await client.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        var match = TokenPattern().Match(html);
        Assert.True(match.Success, $"No antiforgery token on {path}");
        return WebUtility.HtmlDecode(match.Groups[1].Value);
    }

    /// <summary>The redirect target as a local path and query, whether the server sent it absolute or relative.</summary>
    public static string? Location(HttpResponseMessage response) =>
        response.Headers.Location is not { } location ? null
        : location.IsAbsoluteUri ? location.PathAndQuery
        : location.OriginalString;

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();
}
