using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Portal.Core.Features.Accounts;
using Portal.IntegrationTests.Infrastructure;

namespace Portal.IntegrationTests;

public sealed class DatasetApiTests : IAsyncLifetime
{
    private readonly PortalFactory factory = new();

    public async Task InitializeAsync()
    {
        await factory.CreateUserAsync("analyst@test.local", "river stone lantern 2026", Roles.Analyst);
        await factory.CreateUserAsync("viewer@test.local", "quiet harbour morning", Roles.Viewer);
    }

    public async Task DisposeAsync() => await factory.DisposeAsync();

    private async Task<HttpClient> SignedInAsync(string email, string password)
    {
        var session = new PortalSession(factory.CreateBrowserLikeClient());
        await session.SignInAsync(email, password);
        session.Client.DefaultRequestHeaders.Add("X-Concordia-Client", "tests");
        return session.Client;
    }

    private static MultipartFormDataContent File(string name, string content)
    {
        var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(Encoding.UTF8.GetBytes(content));
        file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        form.Add(file, "file", name);
        return form;
    }

    [Fact]
    public async Task An_analyst_uploads_a_csv_and_reads_it_back_but_nobody_else_can()
    {
        var client = await SignedInAsync("analyst@test.local", "river stone lantern 2026");

        var created = await client.PostAsync("/api/datasets", File("gdp.csv", "country,gdp\nKenya,110\nChile,301\n"));

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        using var body = JsonDocument.Parse(await created.Content.ReadAsStringAsync());
        Assert.Equal(2, body.RootElement.GetProperty("rowCount").GetInt32());
        var location = created.Headers.Location!.OriginalString;
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(location)).StatusCode);

        var viewer = await SignedInAsync("viewer@test.local", "quiet harbour morning");
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.GetAsync(location)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await factory.CreateBrowserLikeClient().GetAsync(location)).StatusCode);
    }

    [Fact]
    public async Task A_bad_file_gets_its_problem_code_and_line_and_nothing_is_stored()
    {
        var client = await SignedInAsync("analyst@test.local", "river stone lantern 2026");

        var response = await client.PostAsync("/api/datasets", File("bad.csv", "a,b\n1,2\n3\n"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("Table.RaggedRow", problem.RootElement.GetProperty("code").GetString());
        Assert.Equal(3, problem.RootElement.GetProperty("arguments")[0].GetInt32());
        Assert.False(Directory.Exists(Path.Combine(factory.DataDirectory, "artefacts", "blobs")));
    }

    [Fact]
    public async Task A_forged_cross_site_post_without_the_client_header_is_refused()
    {
        var session = new PortalSession(factory.CreateBrowserLikeClient());
        await session.SignInAsync("analyst@test.local", "river stone lantern 2026");

        var response = await session.Client.PostAsync("/api/datasets", File("gdp.csv", "a,b\n1,2\n"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("X-Concordia-Client", await response.Content.ReadAsStringAsync());
    }
}
