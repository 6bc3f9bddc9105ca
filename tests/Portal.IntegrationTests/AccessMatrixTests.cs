using System.Net;
using System.Net.Http.Headers;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Data;
using Portal.Core.Features.Accounts;
using Portal.Core.Features.Runs;
using Portal.Core.Features.Sharing;
using Portal.IntegrationTests.Infrastructure;
using Portal.Runs.Scoring;
using Portal.Training.Specification;

namespace Portal.IntegrationTests;

/// <summary>
/// Every route that takes the id of a dataset, run, model, export, scoring output or share, asked by the owner, a
/// colleague the run was shared with, a Viewer and an Editor of the project that holds the run and its dataset, a
/// member of another project the run was shared with, an unrelated analyst, an administrator and an anonymous
/// caller: exactly who gets the content. Anyone else gets "not found" (or is sent to sign in), never the content.
/// Reading is for everyone the policy gives Read; downloads only for Download (owner, Editor).
/// </summary>
public sealed class AccessMatrixTests : IAsyncLifetime
{
    private const string RunName = "confidential gravity run";
    private const string DatasetName = "confidential-trade";
    private readonly PortalFactory factory = new();
    private Guid runId, datasetId, scoringId;
    private string validLink = "", expiredLink = "", revokedLink = "";
    private readonly Dictionary<string, HttpClient> callers = [];
    private readonly Dictionary<string, string> tokens = [];

    public async Task InitializeAsync()
    {
        var owner = await factory.CreateUserAsync("owner@test.local", "river stone lantern 2026", Roles.Analyst);
        await factory.CreateUserAsync("colleague@test.local", "amber fields of june", Roles.Analyst);
        var stranger = await factory.CreateUserAsync("stranger@test.local", "copper kettle on the hill", Roles.Analyst);
        await factory.CreateUserAsync("member@test.local", "harbour lights at dusk", Roles.Viewer);
        await factory.CreateUserAsync("editor@test.local", "maple leaves in october", Roles.Analyst);
        var partner = await factory.CreateUserAsync("partner@test.local", "willow by the water", Roles.Analyst);
        var dataset = await RunHarness.ImportSampleAsync(factory.Services, owner.Id, "trade-panel.csv");
        await using var scope = factory.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<Portal.Core.Features.Datasets.DatasetEditService>().UpdateAsync(owner.Id, dataset.Id, DatasetName, null);
        datasetId = dataset.Id;
        var request = await RunHarness.ProposalAsync(factory.Services, owner.Id, dataset, s => s with { Model = ModelFamily.Linear, Hyperparameters = s.Hyperparameters with { Epochs = 5, WarmupEpochs = 1 } });
        var projects = scope.ServiceProvider.GetRequiredService<Portal.Core.Features.Projects.ProjectService>();
        var project = (await projects.CreateAsync(owner.Id, "Joint study", null)).Project!;
        Assert.Null(await projects.AddMemberAsync(owner.Id, project.Id, "member@test.local", Portal.Core.Features.Projects.ProjectRole.Viewer));
        Assert.Null(await projects.AddMemberAsync(owner.Id, project.Id, "editor@test.local", Portal.Core.Features.Projects.ProjectRole.Editor));
        Assert.Null(await scope.ServiceProvider.GetRequiredService<Portal.Core.Features.Datasets.DatasetEditService>().MoveToProjectAsync(owner.Id, dataset.Id, project.Id));
        var partnerProject = (await projects.CreateAsync(partner.Id, "Partner desk", null)).Project!;
        Assert.Null(await projects.AddMemberAsync(partner.Id, partnerProject.Id, "owner@test.local", Portal.Core.Features.Projects.ProjectRole.Viewer));
        Assert.Equal("Project.NotFound", await projects.AddMemberAsync(stranger.Id, project.Id, "stranger@test.local", Portal.Core.Features.Projects.ProjectRole.Viewer));
        runId = (await RunHarness.SubmitAsync(factory.Services, owner.Id, request with { Name = RunName, ProjectId = project.Id })).Run!.Id;
        await RunHarness.WaitForAsync(factory.Services, runId, RunHarness.IsFinished, TimeSpan.FromSeconds(90));

        var scoring = scope.ServiceProvider.GetRequiredService<ScoringService>();
        scoringId = (await scoring.StartAsync(owner.Id, runId, "x.csv", new MemoryStream("year,origin\n2020,China\n"u8.ToArray())))!.Id;
        for (var i = 0; i < 100 && (await scoring.ListAsync(owner.Id, runId)).Single().Status != ScoringStatus.Succeeded; i++)
        {
            await Task.Delay(100);
        }

        var shares = scope.ServiceProvider.GetRequiredService<ShareService>();
        Assert.Null(await shares.ShareWithUserAsync(owner.Id, runId, "colleague@test.local"));
        Assert.Null(await shares.ShareWithProjectAsync(owner.Id, runId, partnerProject.Id));
        validLink = (await shares.CreateLinkAsync(owner.Id, runId, 7, true)).Token!;
        expiredLink = (await shares.CreateLinkAsync(owner.Id, runId, 7, true)).Token!;
        revokedLink = (await shares.CreateLinkAsync(owner.Id, runId, 7, true)).Token!;
        await using (var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync())
        {
            var links = await db.Shares.Where(s => s.Kind == ShareKind.Link).OrderBy(s => s.CreatedAt).ToListAsync();
            links[1].ExpiresAt = DateTimeOffset.UtcNow.AddMinutes(-1);
            links[2].RevokedAt = DateTimeOffset.UtcNow;
            await db.SaveChangesAsync();
        }

        foreach (var (name, email, password) in new[]
        {
            ("owner", "owner@test.local", "river stone lantern 2026"),
            ("colleague", "colleague@test.local", "amber fields of june"),
            ("stranger", "stranger@test.local", "copper kettle on the hill"),
            ("admin", PortalFactory.AdminEmail, PortalFactory.AdminPassword),
            ("member", "member@test.local", "harbour lights at dusk"),
            ("editor", "editor@test.local", "maple leaves in october"),
            ("partner", "partner@test.local", "willow by the water"),
        })
        {
            var session = new PortalSession(factory.CreateBrowserLikeClient());
            await session.SignInAsync(email, password);
            session.Client.DefaultRequestHeaders.Add("X-Concordia-Client", "tests");
            callers[name] = session.Client;
        }

        callers["anonymous"] = factory.CreateBrowserLikeClient();
        tokens["owner"] = (await scope.ServiceProvider.GetRequiredService<AccessTokenService>().CreateAsync(owner.Id, "t", 1))!.Secret;
        tokens["stranger"] = (await scope.ServiceProvider.GetRequiredService<AccessTokenService>().CreateAsync(stranger.Id, "t", 1))!.Secret;
    }

    public async Task DisposeAsync() => await factory.DisposeAsync();

    private async Task<(HttpStatusCode Status, string Body)> GetAsync(string caller, string path)
    {
        var response = await callers[caller].GetAsync(path);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    private bool ShowsContent(string body) => body.Contains(RunName, StringComparison.Ordinal) || body.Contains(DatasetName, StringComparison.Ordinal)
        || body.Contains("trade_volume_mn", StringComparison.Ordinal) || body.StartsWith("PK", StringComparison.Ordinal);

    [Fact]
    public async Task Pages_exports_and_links_show_the_content_to_exactly_the_right_callers()
    {
        // route → who may see the content
        var routes = new Dictionary<string, string[]>
        {
            // The member's account role is Viewer: the analyst pages (/runs, /datasets, the API) are not theirs whatever the project gives.
            [$"/datasets/{datasetId}"] = ["owner", "editor"],
            [$"/runs/{runId}"] = ["owner", "colleague", "editor", "partner"],
            [$"/runs/{runId}/report"] = ["owner", "colleague", "editor", "partner"],
            [$"/runs/compare?ids={runId},{runId}"] = [],
            [$"/runs/new?clone={runId}"] = ["owner", "editor"],   // re-running needs Edit on the run and its dataset
            [$"/runs/new?dataset={datasetId}"] = ["owner", "editor"],
            [$"/shared/runs/{runId}"] = ["owner", "colleague", "member", "editor", "partner"],
            ["/shared"] = ["colleague", "member", "editor", "partner"],
            [$"/runs/{runId}/export/model.zip"] = ["owner", "editor"],
            [$"/runs/{runId}/export/predictions.csv"] = ["owner", "editor"],
            [$"/runs/{runId}/export/metrics.json"] = ["owner", "editor"],
            [$"/runs/{runId}/export/model-card.md"] = ["owner", "editor"],
            [$"/runs/{runId}/export/model-card.html"] = ["owner", "editor"],
            [$"/runs/{runId}/scoring/{scoringId}"] = ["owner"], // a scoring output is its requester's
            [$"/api/datasets/{datasetId}"] = ["owner", "editor"],
            [$"/api/runs/{runId}"] = ["owner", "colleague", "editor", "partner"],
            [$"/api/runs/{runId}/model"] = ["owner", "editor"],
            [$"/s/{validLink}"] = ["owner", "colleague", "stranger", "admin", "member", "editor", "partner"], // a valid link is for whoever holds it (signed in)
            [$"/s/{expiredLink}"] = [],
            [$"/s/{revokedLink}"] = [],
        };

        var wrong = new List<string>();
        foreach (var (path, allowed) in routes)
        {
            foreach (var caller in callers.Keys)
            {
                var (status, body) = await GetAsync(caller, path);
                var shown = status == HttpStatusCode.OK && ShowsContent(body);
                if (shown != allowed.Contains(caller))
                {
                    wrong.Add($"{caller} {path}: {(shown ? "saw the content" : $"did not see it ({(int)status})")}");
                }

                // Refused exactly as for an id that does not exist, so the answer never tells that it does
                // (a viewer's role is refused the API whatever the id; analysts get 404).
                if (!allowed.Contains(caller) && path.StartsWith("/api/", StringComparison.Ordinal))
                {
                    var (missingStatus, _) = await GetAsync(caller, path.Replace(runId.ToString(), Guid.NewGuid().ToString(), StringComparison.Ordinal).Replace(datasetId.ToString(), Guid.NewGuid().ToString(), StringComparison.Ordinal));
                    if (missingStatus != status)
                    {
                        wrong.Add($"{caller} {path}: {(int)status}, but {(int)missingStatus} for an id that does not exist");
                    }
                }
            }
        }

        Assert.True(wrong.Count == 0, string.Join("\n", wrong));
    }

    [Fact]
    public async Task Writes_by_anyone_without_the_edit_right_find_nothing_and_change_nothing()
    {
        // The Editor may cancel: the run is found (it has ended, so there is nothing to cancel).
        Assert.Equal(HttpStatusCode.Conflict, (await callers["editor"].PostAsync($"/api/runs/{runId}/cancel", null)).StatusCode);
        foreach (var caller in new[] { "colleague", "stranger", "admin", "member", "partner" })
        {
            // Refused exactly as for a run that does not exist: the answer never tells that it does.
            var cancel = await callers[caller].PostAsync($"/api/runs/{runId}/cancel", null);
            var nothing = await callers[caller].PostAsync($"/api/runs/{Guid.NewGuid()}/cancel", null);
            Assert.False(cancel.IsSuccessStatusCode, caller);
            Assert.Equal(nothing.StatusCode, cancel.StatusCode);
        }

        using var strangerToken = factory.CreateClient();
        strangerToken.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", tokens["stranger"]);
        Assert.Equal(HttpStatusCode.NotFound, (await strangerToken.GetAsync($"/api/runs/{runId}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await strangerToken.PostAsync($"/api/runs/{runId}/cancel", null)).StatusCode);
        using var ownerToken = factory.CreateClient();
        ownerToken.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", tokens["owner"]);
        Assert.Equal(HttpStatusCode.OK, (await ownerToken.GetAsync($"/api/runs/{runId}")).StatusCode);
        Assert.Equal(RunStatus.Succeeded, (await RunHarness.GetAsync(factory.Services, runId)).Status);
    }
}
