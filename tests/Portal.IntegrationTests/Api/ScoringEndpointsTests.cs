using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Features.Accounts;
using Portal.Core.Features.Projects;
using Portal.IntegrationTests.Infrastructure;
using static Portal.IntegrationTests.Infrastructure.ApiScript;

namespace Portal.IntegrationTests.Api;

/// <summary>
/// Scoring through the REST API with a token, on a model the real job engine trained: one case answered at once, a file
/// as a job to poll whose predictions carry each input row's number, and the refusals a script can meet.
/// </summary>
public sealed class ScoringEndpointsTests : IAsyncLifetime
{
    private readonly PortalFactory factory = new();
    private PortalUser analyst = default!;
    private PortalUser viewer = default!;
    private HttpClient client = default!;
    private Guid runId;

    public async Task InitializeAsync()
    {
        analyst = await factory.CreateUserAsync("analyst@test.local", "river stone lantern 2026", Roles.Analyst);
        viewer = await factory.CreateUserAsync("viewer@test.local", "harbour lights at dusk", Roles.Analyst);
        client = await ClientForAsync(factory, analyst);
        var dataset = await JsonAsync(await client.PostAsync("/api/datasets", Sample("trade-panel.csv")));
        var created = await client.PostAsJsonAsync(
            "/api/runs", new { datasetId = dataset.GetProperty("id").GetGuid(), name = "to score", model = "Linear", epochs = 3 });
        runId = (await JsonAsync(created)).GetProperty("id").GetGuid();
        Assert.Equal("Succeeded", (await PollAsync($"/api/runs/{runId}")).GetProperty("status").GetString());
    }

    public async Task DisposeAsync()
    {
        client.Dispose();
        await factory.DisposeAsync();
    }

    private async Task<JsonElement> PollAsync(string url)
    {
        var deadline = DateTime.UtcNow.AddSeconds(90);
        JsonElement body;
        do
        {
            await Task.Delay(200);
            body = await JsonAsync(await client.GetAsync(url));
        }
        while (body.GetProperty("status").GetString() is "Queued" or "Running" && DateTime.UtcNow < deadline);
        return body;
    }

    [Fact]
    public async Task One_case_as_json_is_predicted_at_once_with_what_could_not_be_used()
    {
        var inputs = await JsonAsync(await client.GetAsync($"/api/runs/{runId}/inputs"));
        Assert.Contains(inputs.EnumerateArray(), i => i.GetProperty("column").GetString() == "gdp_origin_bn");

        var response = await client.PostAsJsonAsync($"/api/runs/{runId}/scores", new
        {
            values = new Dictionary<string, object?>
            {
                ["year"] = 2015, ["origin"] = "China", ["destination"] = "Atlantis", ["gdp_origin_bn"] = 300.5,
                ["gdp_destination_bn"] = 150, ["distance_km"] = "12000", ["exchange_rate"] = 1.01,
            },
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var prediction = await JsonAsync(response);
        Assert.True(double.TryParse(prediction.GetProperty("prediction").GetString(), System.Globalization.CultureInfo.InvariantCulture, out _));
        var issue = Assert.Single(prediction.GetProperty("issues").EnumerateArray());
        Assert.Equal(("destination", "Scoring.UnseenCategory"), (issue.GetProperty("column").GetString(), issue.GetProperty("code").GetString()));

        var notAnObject = await client.PostAsync($"/api/runs/{runId}/scores", new StringContent("{\"values\": [1, 2]}", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, notAnObject.StatusCode);
        Assert.True((await JsonAsync(notAnObject)).GetProperty("errors").TryGetProperty("values", out _));
        var nested = await client.PostAsJsonAsync($"/api/runs/{runId}/scores", new { values = new { origin = new[] { "a" } } });
        Assert.True((await JsonAsync(nested)).GetProperty("errors").TryGetProperty("values.origin", out _));
        var broken = await client.PostAsync($"/api/runs/{runId}/scores", new StringContent("{\"values\": {", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, broken.StatusCode);
        var text = await client.PostAsync($"/api/runs/{runId}/scores", new StringContent("year=2015", Encoding.UTF8, "text/plain"));
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, text.StatusCode);
    }

    [Fact]
    public async Task A_file_is_scored_as_a_job_whose_predictions_carry_the_input_row_numbers()
    {
        var rows = (await System.IO.File.ReadAllLinesAsync(Path.Combine(AppContext.BaseDirectory, "samples", "trade-panel.csv"))).Take(6).ToList();
        rows[3] = rows[3].Replace("0.992", "lots"); // row 3: not a number
        var queued = await client.PostAsync($"/api/runs/{runId}/scores?idColumn=destination", File("new.csv", string.Join('\n', rows)));

        Assert.Equal(HttpStatusCode.Accepted, queued.StatusCode);
        var location = queued.Headers.Location!.OriginalString;
        var done = await PollAsync(location);
        Assert.Equal("Succeeded", done.GetProperty("status").GetString());
        Assert.Equal(5, done.GetProperty("rows").GetInt64());
        Assert.Equal(1, done.GetProperty("rowsWithIssues").GetInt64());
        var file = await client.GetAsync(done.GetProperty("file").GetString());
        Assert.Equal("text/csv", file.Content.Headers.ContentType?.MediaType);
        var lines = (await file.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("row,destination,", lines[0].TrimStart('\uFEFF'));
        Assert.Equal(["1", "2", "3", "4", "5"], lines.Skip(1).Select(l => l.Split(',')[0]));
        Assert.Equal("Germany", lines[3].Split(',')[1]);
        var listed = await JsonAsync(await client.GetAsync($"/api/runs/{runId}/scores"));
        Assert.Equal(done.GetProperty("id").GetGuid(), Assert.Single(listed.EnumerateArray()).GetProperty("id").GetGuid());

        var undecodable = await client.PostAsync($"/api/runs/{runId}/scores", File("bad.csv", [0x79, 0x65, 0x61, 0x72, 0x0a, 0xff, 0xfe, 0x00, 0xd8, 0x00, 0x81]));
        var failed = await PollAsync(undecodable.Headers.Location!.OriginalString);
        Assert.Equal("Failed", failed.GetProperty("status").GetString());
        Assert.Contains("text", failed.GetProperty("error").GetString());
        var noFile = await client.GetAsync($"{undecodable.Headers.Location!.OriginalString}/file");
        Assert.Equal(HttpStatusCode.Conflict, noFile.StatusCode);
        Assert.Contains("failed", (await JsonAsync(noFile)).GetProperty("title").GetString());
    }

    [Fact]
    public async Task A_project_viewer_may_read_the_run_but_not_score_and_a_stranger_learns_nothing()
    {
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var projects = scope.ServiceProvider.GetRequiredService<ProjectService>();
            var project = (await projects.CreateAsync(analyst.Id, "Scoring", null)).Project!;
            Assert.Null(await projects.AddMemberAsync(analyst.Id, project.Id, "viewer@test.local", ProjectRole.Viewer));
            var runs = scope.ServiceProvider.GetRequiredService<Portal.Core.Data.PortalDbContext>();
            var run = await runs.Runs.FindAsync(runId);
            run!.ProjectId = project.Id;
            await runs.SaveChangesAsync();
        }

        using var member = await ClientForAsync(factory, viewer);
        Assert.Equal(HttpStatusCode.OK, (await member.GetAsync($"/api/runs/{runId}")).StatusCode);
        var refused = await member.PostAsJsonAsync($"/api/runs/{runId}/scores", new { values = new { year = 2015 } });
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await member.PostAsync($"/api/runs/{runId}/scores", File("x.csv", "year\n2015\n"))).StatusCode);

        var stranger = await ClientForAsync(factory, await factory.CreateUserAsync("stranger@test.local", "willow by the water", Roles.Analyst));
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync($"/api/runs/{runId}/inputs")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.PostAsync($"/api/runs/{runId}/scores", File("x.csv", "year\n2015\n"))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync($"/api/runs/{Guid.NewGuid()}/scores/{Guid.NewGuid()}")).StatusCode);
    }
}
