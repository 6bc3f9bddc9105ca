using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Data;
using Portal.Core.Features.Accounts;
using Portal.IntegrationTests.Infrastructure;

namespace Portal.IntegrationTests;

/// <summary>Whatever goes wrong under /api, a script gets an RFC 9457 problem document it can read, never HTML or nothing.</summary>
public sealed class ApiProblemTests : IAsyncLifetime
{
    private readonly PortalFactory factory = new(new() { ["Datasets:MaxUploadBytes"] = (2 * 1024 * 1024).ToString() });
    private string analystToken = default!;
    private string viewerToken = default!;

    public async Task InitializeAsync()
    {
        var analyst = await factory.CreateUserAsync("analyst@test.local", "river stone lantern 2026", Roles.Analyst);
        var viewer = await factory.CreateUserAsync("viewer@test.local", "amber fields of june", Roles.Viewer);
        await using var scope = factory.Services.CreateAsyncScope();
        var tokens = scope.ServiceProvider.GetRequiredService<AccessTokenService>();
        analystToken = (await tokens.CreateAsync(analyst.Id, "script", 30))!.Secret;
        viewerToken = (await tokens.CreateAsync(viewer.Id, "script", 30))!.Secret;
    }

    public async Task DisposeAsync() => await factory.DisposeAsync();

    private HttpClient Client(string? token)
    {
        var client = factory.CreateClient(new() { AllowAutoRedirect = false });
        if (token is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return client;
    }

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");

    public static TheoryData<string, string, string?, int> Cases => new()
    {
        { "GET", "/api/runs", null, 401 },
        { "POST", "/api/runs", "{}", 401 },
        { "POST", "/api/datasets", "{}", 401 },
        { "GET", "/api/runs", "viewer", 403 },
        { "POST", "/api/runs", "analyst:{\"datasetId\": ", 400 },
        { "POST", "/api/runs", "analyst:[1,2]", 400 },
        { "GET", $"/api/runs/{Guid.NewGuid()}", "analyst", 404 },
        { "GET", "/api/no-such-thing", "analyst", 404 },
        { "DELETE", "/api/runs", "analyst", 405 },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Errors_are_problem_documents_with_their_status(string method, string path, string? caller, int status)
    {
        var token = caller?.Split(':')[0] switch { "analyst" => analystToken, "viewer" => viewerToken, _ => null };
        var body = caller?.Contains(':') == true ? caller[(caller.IndexOf(':') + 1)..] : caller is null ? "{}" : null;
        using var request = new HttpRequestMessage(new HttpMethod(method), path) { Content = method == "GET" || body is null ? null : Json(body) };

        var response = await Client(token).SendAsync(request);

        Assert.Equal(status, (int)response.StatusCode);
        await AssertProblemAsync(response, status);
    }

    [Fact]
    public async Task A_body_declared_larger_than_the_upload_limit_is_refused_with_413_before_it_is_read_and_nothing_is_stored()
    {
        var content = new MultipartFormDataContent { { new ByteArrayContent(new byte[3 * 1024 * 1024 + 10]), "file", "big.csv" } };

        var response = await Client(analystToken).PostAsync("/api/datasets", content);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        var problem = await AssertProblemAsync(response, 413);
        Assert.Equal("Upload.TooLarge", problem.GetProperty("code").GetString());
        await using var db = await factory.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        Assert.Equal(0, await db.Datasets.CountAsync());
    }

    [Fact]
    public async Task A_file_name_with_control_and_invisible_characters_is_stored_and_answered_clean()
    {
        var content = new MultipartFormDataContent();
        var file = new ByteArrayContent("a,b\n1,2\n3,4\n"u8.ToArray());
        file.Headers.ContentDisposition = new ContentDispositionHeaderValue("form-data") { Name = "file", FileNameStar = "trade\u001b[31m\r\nred\u202Evsc.csv" };
        content.Add(file);

        var response = await Client(analystToken).PostAsync("/api/datasets", content);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync();
        var name = JsonDocument.Parse(body).RootElement.GetProperty("originalFileName").GetString()!;
        Assert.Equal("trade[31mredvsc.csv", name);
        Assert.DoesNotContain(name, c => char.IsControl(c) || c == '\u202E');
    }

    [Fact]
    public async Task A_token_opens_the_download_routes_the_api_document_lists_and_a_bad_token_gets_a_problem()
    {
        var adminToken = await AdminTokenAsync();

        var audit = await Client(adminToken).GetAsync("/admin/export/audit.csv");
        var usage = await Client(adminToken).GetAsync("/admin/export/usage.csv");
        var analystAudit = await Client(analystToken).GetAsync("/admin/export/audit.csv");
        var missingRun = await Client(analystToken).GetAsync($"/runs/{Guid.NewGuid()}/export/metrics.json");
        var bad = await Client("cpat_" + new string('x', 43)).GetAsync($"/runs/{Guid.NewGuid()}/export/metrics.json");

        Assert.Equal((HttpStatusCode.OK, "text/csv"), (audit.StatusCode, audit.Content.Headers.ContentType?.MediaType));
        Assert.Equal(HttpStatusCode.OK, usage.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, analystAudit.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, missingRun.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, bad.StatusCode);
        await AssertProblemAsync(bad, 401);

        // Both downloads are in the audit log with the file taken; the refused ones are not downloads.
        await using var scope = factory.Services.CreateAsyncScope();
        var downloads = await scope.ServiceProvider.GetRequiredService<Portal.Core.Features.Audit.AuditLog>()
            .ListAsync(null, Portal.Core.Features.Audit.AuditActions.Download, null, null, 0, 50);
        Assert.Equal(["/admin/export/audit.csv", "/admin/export/usage.csv"], downloads.Select(d => d.Target).Order());
        Assert.All(downloads, d => Assert.EndsWith(".csv", d.Detail));
    }

    private async Task<string> AdminTokenAsync()
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var admin = await scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<PortalUser>>().FindByEmailAsync(PortalFactory.AdminEmail);
        return (await scope.ServiceProvider.GetRequiredService<AccessTokenService>().CreateAsync(admin!.Id, "monitoring", 30))!.Secret;
    }

    private static async Task<JsonElement> AssertProblemAsync(HttpResponseMessage response, int status)
    {
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(status, problem.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrEmpty(problem.GetProperty("title").GetString()));
        return problem.Clone();
    }
}
