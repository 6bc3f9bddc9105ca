using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Data;
using Portal.Core.Features.Accounts;
using Portal.IntegrationTests.Infrastructure;
using static Portal.IntegrationTests.Infrastructure.ApiScript;

namespace Portal.IntegrationTests.Api;

/// <summary>
/// Projects, members, shares, the caller's quotas and the administrators' account endpoints, as a script with a token
/// uses them: each through the same service as its page, audited, refused with a problem naming the field or the rule.
/// </summary>
public sealed class CollaborationEndpointsTests : IAsyncLifetime
{
    private readonly PortalFactory factory = new();
    private PortalUser lead = default!;
    private PortalUser colleague = default!;
    private PortalUser outsider = default!;

    public async Task InitializeAsync()
    {
        lead = await factory.CreateUserAsync("lead@test.local", "river stone lantern 2026", Roles.Analyst);
        colleague = await factory.CreateUserAsync("colleague@test.local", "amber fields of june", Roles.Analyst);
        outsider = await factory.CreateUserAsync("outsider@test.local", "willow by the water", Roles.Analyst);
    }

    public async Task DisposeAsync() => await factory.DisposeAsync();

    [Fact]
    public async Task A_project_is_created_a_colleague_joins_and_leaves_and_only_its_owners_manage_it()
    {
        using var client = await ClientForAsync(factory, lead);
        var created = await client.PostAsJsonAsync("/api/projects", new { name = "气候合作", description = "climate" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var projectId = (await JsonAsync(created)).GetProperty("id").GetGuid();
        Assert.Equal(HttpStatusCode.Conflict, (await client.PostAsJsonAsync("/api/projects", new { name = "气候合作" })).StatusCode);
        var unnamed = await client.PostAsJsonAsync("/api/projects", new { name = " " });
        Assert.Equal("Project.NameInvalid", (await JsonAsync(unnamed)).GetProperty("code").GetString());

        var added = await client.PutAsJsonAsync($"/api/projects/{projectId}/members", new { email = "colleague@test.local", role = "editor" });
        Assert.Equal(HttpStatusCode.OK, added.StatusCode);
        Assert.Equal("Editor", Assert.Single((await JsonAsync(added)).EnumerateArray()).GetProperty("role").GetString());
        var nobody = await client.PutAsJsonAsync($"/api/projects/{projectId}/members", new { email = "nobody@test.local", role = "Viewer" });
        Assert.Equal("Project.NoSuchUser", (await JsonAsync(nobody)).GetProperty("code").GetString());
        var badRole = await client.PutAsJsonAsync($"/api/projects/{projectId}/members", new { email = "colleague@test.local", role = "King" });
        Assert.Equal(HttpStatusCode.BadRequest, badRole.StatusCode);
        Assert.Contains("Viewer, Editor, Owner", (await JsonAsync(badRole)).GetProperty("title").GetString());

        using var member = await ClientForAsync(factory, colleague);
        var theirs = await JsonAsync(await member.GetAsync("/api/projects"));
        var joined = Assert.Single(theirs.EnumerateArray(), p => p.GetProperty("id").GetGuid() == projectId);
        Assert.Equal(("Editor", "lead@test.local"), (joined.GetProperty("role").GetString(), joined.GetProperty("createdBy").GetString()));
        Assert.Equal(HttpStatusCode.NotFound, (await member.GetAsync($"/api/projects/{projectId}/members")).StatusCode); // an Editor does not manage
        using var stranger = await ClientForAsync(factory, outsider);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.PutAsJsonAsync(
            $"/api/projects/{projectId}/members", new { email = "outsider@test.local", role = "Owner" })).StatusCode);

        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"/api/projects/{projectId}/members/{colleague.Id}")).StatusCode);
        Assert.DoesNotContain((await JsonAsync(await member.GetAsync("/api/projects"))).EnumerateArray(), p => p.GetProperty("id").GetGuid() == projectId);
        Assert.Equal(HttpStatusCode.NotFound, (await client.DeleteAsync($"/api/projects/{projectId}/members/{colleague.Id}")).StatusCode);
    }

    [Fact]
    public async Task A_run_is_shared_with_a_colleague_and_by_link_listed_and_revoked()
    {
        using var client = await ClientForAsync(factory, lead);
        var dataset = await JsonAsync(await client.PostAsync("/api/datasets", Sample("trade-panel.csv")));
        var run = await JsonAsync(await client.PostAsJsonAsync(
            "/api/runs", new { datasetId = dataset.GetProperty("id").GetGuid(), name = "shared run", model = "Linear", epochs = 2 }));
        var runId = run.GetProperty("id").GetGuid();

        var withColleague = await client.PostAsJsonAsync($"/api/runs/{runId}/shares", new { kind = "user", email = "colleague@test.local" });
        Assert.Equal(HttpStatusCode.Created, withColleague.StatusCode);
        var share = await JsonAsync(withColleague);
        Assert.Equal(("User", "colleague@test.local"), (share.GetProperty("kind").GetString(), share.GetProperty("userEmail").GetString()));
        Assert.Equal(HttpStatusCode.Conflict, (await client.PostAsJsonAsync($"/api/runs/{runId}/shares", new { kind = "User", email = "colleague@test.local" })).StatusCode);
        var tooLong = await client.PostAsJsonAsync($"/api/runs/{runId}/shares", new { kind = "Link", days = 400 });
        Assert.Equal("Share.Expiry", (await JsonAsync(tooLong)).GetProperty("code").GetString());
        var noEmail = await client.PostAsJsonAsync($"/api/runs/{runId}/shares", new { kind = "User" });
        Assert.True((await JsonAsync(noEmail)).GetProperty("errors").TryGetProperty("email", out _));
        var link = await JsonAsync(await client.PostAsJsonAsync($"/api/runs/{runId}/shares", new { kind = "Link", days = 3 }));
        Assert.Contains("/s/", link.GetProperty("link").GetString());

        using var member = await ClientForAsync(factory, colleague);
        var withMe = await JsonAsync(await member.GetAsync("/api/shares/with-me"));
        Assert.Equal(runId, Assert.Single(withMe.EnumerateArray()).GetProperty("runId").GetGuid());
        Assert.Equal(HttpStatusCode.Forbidden, (await member.GetAsync($"/api/runs/{runId}/shares")).StatusCode); // a reader does not share on
        Assert.Equal(HttpStatusCode.NotFound, (await member.DeleteAsync($"/api/shares/{share.GetProperty("id").GetGuid()}")).StatusCode);
        using var stranger = await ClientForAsync(factory, outsider);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync($"/api/runs/{runId}/shares")).StatusCode);

        var listed = await JsonAsync(await client.GetAsync($"/api/runs/{runId}/shares"));
        Assert.Equal(2, listed.GetArrayLength());
        Assert.All(listed.EnumerateArray(), s => Assert.False(s.TryGetProperty("link", out var l) && l.ValueKind == JsonValueKind.String));
        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"/api/shares/{share.GetProperty("id").GetGuid()}")).StatusCode);
        Assert.Empty((await JsonAsync(await member.GetAsync("/api/shares/with-me"))).EnumerateArray());

        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        Assert.Equal(1, await db.AuditLog.CountAsync(e => e.Action == "share.revoke" && e.Outcome == Portal.Core.Features.Audit.AuditOutcome.Success));
    }

    [Fact]
    public async Task A_caller_reads_their_quotas_and_an_administrator_manages_accounts_and_quotas()
    {
        using var client = await ClientForAsync(factory, lead);
        await client.PostAsync("/api/datasets", File("gdp.csv", "country,gdp\nKenya,110\n"));
        var me = await JsonAsync(await client.GetAsync("/api/me"));
        Assert.Equal("lead@test.local", me.GetProperty("email").GetString());
        Assert.Equal(["Analyst"], me.GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
        Assert.Equal(22, me.GetProperty("quota").GetProperty("storageUsedBytes").GetInt64());
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/api/admin/users")).StatusCode);

        PortalUser admin;
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            admin = (await scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>().FindByEmailAsync(PortalFactory.AdminEmail))!;
        }

        using var administrator = await ClientForAsync(factory, admin);
        var users = await JsonAsync(await administrator.GetAsync("/api/admin/users?search=lead"));
        Assert.Equal(lead.Id, Assert.Single(users.GetProperty("items").EnumerateArray()).GetProperty("id").GetString());

        var quota = await administrator.PutAsJsonAsync($"/api/admin/users/{lead.Id}/quota", new { maxActiveRuns = 1, storageBytes = 1_000_000 });
        Assert.Equal(HttpStatusCode.OK, quota.StatusCode);
        Assert.Equal(1, (await JsonAsync(await client.GetAsync("/api/me"))).GetProperty("quota").GetProperty("maxActiveRuns").GetInt32());
        var negative = await administrator.PutAsJsonAsync($"/api/admin/users/{lead.Id}/quota", new { maxActiveRuns = -1 });
        Assert.Equal("Admin.QuotaInvalid", (await JsonAsync(negative)).GetProperty("code").GetString());
        Assert.Equal(1, (await JsonAsync(await administrator.GetAsync($"/api/admin/users/{lead.Id}"))).GetProperty("overrides").GetProperty("maxActiveRuns").GetInt32());

        var created = await administrator.PostAsJsonAsync("/api/admin/users", new { email = "new@test.local", role = "Viewer" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var account = await JsonAsync(created);
        Assert.False(string.IsNullOrEmpty(account.GetProperty("temporaryPassword").GetString()));
        Assert.Equal(HttpStatusCode.Conflict, (await administrator.PostAsJsonAsync("/api/admin/users", new { email = "new@test.local", role = "Viewer" })).StatusCode);
        var badRole = await administrator.PostAsJsonAsync("/api/admin/users", new { email = "other@test.local", role = "Emperor" });
        Assert.Equal("Admin.RoleInvalid", (await JsonAsync(badRole)).GetProperty("code").GetString());
        var newId = account.GetProperty("id").GetString();
        Assert.Equal(HttpStatusCode.NoContent, (await administrator.PutAsJsonAsync($"/api/admin/users/{newId}/role", new { role = "Analyst" })).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await administrator.PostAsync($"/api/admin/users/{newId}/disable", null)).StatusCode);
        var detail = await JsonAsync(await administrator.GetAsync($"/api/admin/users/{newId}"));
        Assert.Equal(("Analyst", true), (detail.GetProperty("user").GetProperty("role").GetString(), detail.GetProperty("user").GetProperty("disabled").GetBoolean()));
        var self = await administrator.PostAsync($"/api/admin/users/{admin.Id}/disable", null);
        Assert.Equal(HttpStatusCode.BadRequest, self.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await administrator.GetAsync("/api/admin/users/no-such-user")).StatusCode);
    }
}
