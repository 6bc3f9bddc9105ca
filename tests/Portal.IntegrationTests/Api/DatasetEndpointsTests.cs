using System.Net;
using System.Net.Http.Json;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Data;
using Portal.Core.Features.Accounts;
using Portal.Core.Features.Projects;
using Portal.IntegrationTests.Infrastructure;
using static Portal.IntegrationTests.Infrastructure.ApiScript;

namespace Portal.IntegrationTests.Api;

/// <summary>
/// The datasets REST API as a script uses it with a token: list with filters and pages, profile, preview, the original
/// bytes, and the dataset page's changes — each through the access policy, audited, and refused with a problem that
/// names the field or the right.
/// </summary>
public sealed class DatasetEndpointsTests : IAsyncLifetime
{
    private readonly PortalFactory factory = new();
    private PortalUser lead = default!;
    private PortalUser viewer = default!;
    private PortalUser outsider = default!;

    public async Task InitializeAsync()
    {
        lead = await factory.CreateUserAsync("lead@test.local", "river stone lantern 2026", Roles.Analyst);
        viewer = await factory.CreateUserAsync("viewer@test.local", "harbour lights at dusk", Roles.Analyst);
        outsider = await factory.CreateUserAsync("outsider@test.local", "willow by the water", Roles.Analyst);
    }

    public async Task DisposeAsync() => await factory.DisposeAsync();

    private static async Task<Guid> UploadAsync(HttpClient client, string name, string content, string query = "")
    {
        var response = await client.PostAsync($"/api/datasets{query}", File(name, content));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await JsonAsync(response)).GetProperty("id").GetGuid();
    }

    [Fact]
    public async Task A_script_lists_filters_and_pages_the_datasets_it_may_read()
    {
        using var client = await ClientForAsync(factory, lead);
        for (var i = 0; i < 3; i++)
        {
            await UploadAsync(client, $"trade-{i}.csv", $"country,value\nKenya,{i}\nChile,{i + 1}\n");
        }

        await UploadAsync(client, "notes.jsonl", "{\"text\":\"合作协议\",\"label\":\"policy\"}\n{\"text\":\"trade\",\"label\":\"econ\"}\n",
            "?kind=LabelledText");

        var all = await JsonAsync(await client.GetAsync("/api/datasets?pageSize=2"));
        Assert.Equal(4, all.GetProperty("total").GetInt32());
        Assert.Equal(2, all.GetProperty("items").GetArrayLength());
        var second = await JsonAsync(await client.GetAsync("/api/datasets?pageSize=2&page=1"));
        Assert.Equal(2, second.GetProperty("items").GetArrayLength());
        var names = all.GetProperty("items").EnumerateArray().Concat(second.GetProperty("items").EnumerateArray())
            .Select(d => d.GetProperty("name").GetString()).ToHashSet();
        Assert.Equal(4, names.Count); // pages do not overlap

        var texts = await JsonAsync(await client.GetAsync("/api/datasets?kind=labelledtext"));
        Assert.Equal("notes", Assert.Single(texts.GetProperty("items").EnumerateArray()).GetProperty("name").GetString());
        var searched = await JsonAsync(await client.GetAsync("/api/datasets?search=TRADE-1"));
        Assert.Equal(1, searched.GetProperty("total").GetInt32());
        var byName = await JsonAsync(await client.GetAsync("/api/datasets?sort=NameAscending&kind=Table"));
        Assert.Equal(["trade-0", "trade-1", "trade-2"], byName.GetProperty("items").EnumerateArray().Select(d => d.GetProperty("name").GetString()));

        var bad = await client.GetAsync("/api/datasets?kind=Poems&sort=Sideways");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var errors = (await JsonAsync(bad)).GetProperty("errors");
        Assert.Contains("TaggedCorpus", errors.GetProperty("kind")[0].GetString());
        Assert.Contains("NameAscending", errors.GetProperty("sort")[0].GetString());

        using var stranger = await ClientForAsync(factory, outsider);
        Assert.Equal(0, (await JsonAsync(await stranger.GetAsync("/api/datasets"))).GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task The_profile_the_preview_and_the_original_bytes_come_back_and_a_project_viewer_may_not_download()
    {
        using var client = await ClientForAsync(factory, lead);
        var original = Encoding.UTF8.GetBytes("城市,人口\n北京,2189\n上海,2487\n广州,1868\n");
        var created = await client.PostAsync("/api/datasets", File("cities.csv", original));
        var id = (await JsonAsync(created)).GetProperty("id").GetGuid();

        var detail = await JsonAsync(await client.GetAsync($"/api/datasets/{id}"));
        Assert.Equal(id, detail.GetProperty("id").GetGuid()); // the resource at the top level, as when it was created
        Assert.Equal("Ready", detail.GetProperty("status").GetString());
        Assert.True(detail.GetProperty("rights").GetProperty("download").GetBoolean());
        var columns = detail.GetProperty("profile").GetProperty("columns");
        Assert.Equal(["城市", "人口"], columns.EnumerateArray().Select(c => c.GetProperty("name").GetString()));

        var preview = await JsonAsync(await client.GetAsync($"/api/datasets/{id}/preview?page=1&pageSize=2"));
        Assert.Equal(3, preview.GetProperty("firstRow").GetInt64());
        Assert.Equal("广州", Assert.Single(preview.GetProperty("rows").EnumerateArray())[0].GetString());

        var download = await client.GetAsync($"/api/datasets/{id}/download");
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal(original, await download.Content.ReadAsByteArrayAsync());
        Assert.Equal("cities.csv", download.Content.Headers.ContentDisposition?.FileName?.Trim('"'));

        // In a project, a Viewer reads the dataset but may not take its bytes; an outsider does not learn it exists.
        Guid projectId;
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var projects = scope.ServiceProvider.GetRequiredService<ProjectService>();
            projectId = (await projects.CreateAsync(lead.Id, "Cities", null)).Project!.Id;
            Assert.Null(await projects.AddMemberAsync(lead.Id, projectId, "viewer@test.local", ProjectRole.Viewer));
        }

        var moved = await client.PostAsJsonAsync($"/api/datasets/{id}/move", new { projectId });
        Assert.Equal(HttpStatusCode.OK, moved.StatusCode);
        Assert.Equal(projectId, (await JsonAsync(moved)).GetProperty("projectId").GetGuid());
        using var member = await ClientForAsync(factory, viewer);
        var seen = await JsonAsync(await member.GetAsync($"/api/datasets/{id}"));
        Assert.False(seen.GetProperty("rights").GetProperty("download").GetBoolean());
        Assert.Equal(HttpStatusCode.OK, (await member.GetAsync($"/api/datasets/{id}/preview")).StatusCode);
        var refused = await member.GetAsync($"/api/datasets/{id}/download");
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.Forbidden, (await member.PatchAsJsonAsync($"/api/datasets/{id}", new { name = "mine" })).StatusCode);
        using var stranger = await ClientForAsync(factory, outsider);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync($"/api/datasets/{id}/download")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync($"/api/datasets/{id}/preview")).StatusCode);

        await using var check = factory.Services.CreateAsyncScope();
        var db = check.ServiceProvider.GetRequiredService<PortalDbContext>();
        Assert.Equal(1, await db.AuditLog.CountAsync(e => e.Action == "export.download" && e.Detail == "cities.csv"));
    }

    [Fact]
    public async Task Rename_archive_restore_and_delete_change_the_dataset_and_bad_input_changes_nothing()
    {
        using var client = await ClientForAsync(factory, lead);
        var id = await UploadAsync(client, "gdp.csv", "country,gdp\nKenya,110\nChile,301\n");

        var renamed = await client.PatchAsJsonAsync($"/api/datasets/{id}", new { name = "GDP 2024", tags = "Trade, Asia" });
        Assert.Equal(HttpStatusCode.OK, renamed.StatusCode);
        Assert.Equal("GDP 2024", (await JsonAsync(renamed)).GetProperty("name").GetString());
        var detail = await JsonAsync(await client.GetAsync($"/api/datasets/{id}"));
        Assert.Equal("trade,asia", detail.GetProperty("tags").GetString());

        var tooLong = await client.PatchAsJsonAsync($"/api/datasets/{id}", new { name = new string('x', 201) });
        Assert.Equal(HttpStatusCode.BadRequest, tooLong.StatusCode);
        Assert.Equal("Dataset.NameInvalid", (await JsonAsync(tooLong)).GetProperty("code").GetString());
        Assert.Equal("GDP 2024", (await JsonAsync(await client.GetAsync($"/api/datasets/{id}"))).GetProperty("name").GetString());

        Assert.Equal(HttpStatusCode.OK, (await client.PostAsync($"/api/datasets/{id}/archive", null)).StatusCode);
        Assert.Equal(0, (await JsonAsync(await client.GetAsync("/api/datasets"))).GetProperty("total").GetInt32());
        Assert.Equal(1, (await JsonAsync(await client.GetAsync("/api/datasets?archived=true"))).GetProperty("total").GetInt32());
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsync($"/api/datasets/{id}/restore", null)).StatusCode);

        var movedNowhere = await client.PostAsJsonAsync($"/api/datasets/{id}/move", new { projectId = Guid.NewGuid() });
        Assert.Equal(HttpStatusCode.NotFound, movedNowhere.StatusCode);
        Assert.Equal("Project.NotFound", (await JsonAsync(movedNowhere)).GetProperty("code").GetString());

        using var stranger = await ClientForAsync(factory, outsider);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.DeleteAsync($"/api/datasets/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"/api/datasets/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/api/datasets/{id}")).StatusCode);

        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        var actions = await db.AuditLog.Where(e => e.Target == id.ToString()).Select(e => e.Action).ToListAsync();
        Assert.Contains("dataset.update", actions);
        Assert.Contains("dataset.archive", actions);
        Assert.Contains("dataset.restore", actions);
        Assert.Contains("dataset.delete", actions);
    }

    [Fact]
    public async Task A_dataset_a_run_uses_is_not_deleted_and_the_answer_names_the_run()
    {
        using var client = await ClientForAsync(factory, lead);
        var id = await UploadAsync(client, "trade-panel.csv", await System.IO.File.ReadAllTextAsync(
            Path.Combine(AppContext.BaseDirectory, "samples", "trade-panel.csv")));
        var run = await client.PostAsJsonAsync("/api/runs", new { datasetId = id, name = "keeps its data", model = "Linear", epochs = 2 });
        Assert.Equal(HttpStatusCode.Created, run.StatusCode);

        var refused = await client.DeleteAsync($"/api/datasets/{id}");

        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        var problem = await JsonAsync(refused);
        Assert.Equal("Dataset.InUse", problem.GetProperty("code").GetString());
        Assert.Contains("keeps its data", problem.GetProperty("title").GetString());
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/api/datasets/{id}/download")).StatusCode);
    }
}
