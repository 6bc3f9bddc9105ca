using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Data;
using Portal.Core.Features.Accounts;
using Portal.Core.Features.Runs;
using Portal.Core.Features.Sharing;
using Portal.IntegrationTests.Infrastructure;
using Portal.Training.Specification;

namespace Portal.IntegrationTests.Runs;

/// <summary>Who sees a shared result page: the owner, a named colleague until revoked, link holders until expiry; nobody else.</summary>
public sealed class SharingTests
{
    private static async Task<(PortalFactory Factory, PortalUser Owner, Run Run)> FinishedRunAsync(Dictionary<string, string?>? settings = null)
    {
        var factory = new PortalFactory(settings);
        var owner = await factory.CreateUserAsync("owner@test.local", "river stone lantern 2026", Roles.Analyst);
        await factory.CreateUserAsync("colleague@test.local", "amber fields of june", Roles.Viewer);
        await factory.CreateUserAsync("stranger@test.local", "copper kettle on the hill", Roles.Analyst);
        var dataset = await RunHarness.ImportSampleAsync(factory.Services, owner.Id, "trade-panel.csv");
        var request = await RunHarness.ProposalAsync(factory.Services, owner.Id, dataset, s => s with { Model = ModelFamily.Linear, Hyperparameters = s.Hyperparameters with { Epochs = 5, WarmupEpochs = 1 } });
        var run = (await RunHarness.SubmitAsync(factory.Services, owner.Id, request with { Name = "gravity findings" })).Run!;
        run = await RunHarness.WaitForAsync(factory.Services, run.Id, RunHarness.IsFinished, TimeSpan.FromSeconds(90));
        return (factory, owner, run);
    }

    private static async Task<HttpClient> SignedInAsync(PortalFactory factory, string email, string password)
    {
        var session = new PortalSession(factory.CreateBrowserLikeClient());
        await session.SignInAsync(email, password);
        return session.Client;
    }

    [Fact]
    public async Task A_colleague_reads_a_shared_result_until_the_owner_revokes_it_and_a_stranger_never_does()
    {
        var (factory, owner, run) = await FinishedRunAsync();
        await using var _ = factory;
        await using var scope = factory.Services.CreateAsyncScope();
        var shares = scope.ServiceProvider.GetRequiredService<ShareService>();

        Assert.Equal("Share.NoSuchUser", await shares.ShareWithUserAsync(owner.Id, run.Id, "nobody@test.local"));
        Assert.Equal("Share.NotFound", await shares.ShareWithUserAsync("someone-else", run.Id, "colleague@test.local"));
        Assert.Null(await shares.ShareWithUserAsync(owner.Id, run.Id, "Colleague@Test.local"));
        Assert.Equal("Share.AlreadyShared", await shares.ShareWithUserAsync(owner.Id, run.Id, "colleague@test.local"));

        var colleague = await SignedInAsync(factory, "colleague@test.local", "amber fields of june");
        Assert.Contains("gravity findings", await colleague.GetStringAsync("/shared"));
        var page = await colleague.GetStringAsync($"/shared/runs/{run.Id}");
        Assert.Contains("of the variation in trade_volume_mn", page);
        Assert.Contains("read-only", page);
        Assert.DoesNotContain("Run again", page);
        Assert.NotEqual(HttpStatusCode.OK, (await colleague.GetAsync($"/runs/{run.Id}/export/model.zip")).StatusCode); // a reader gets no downloads

        var stranger = await SignedInAsync(factory, "stranger@test.local", "copper kettle on the hill");
        var strangers = await stranger.GetStringAsync($"/shared/runs/{run.Id}");
        Assert.DoesNotContain("gravity findings", strangers);
        Assert.DoesNotContain("gravity findings", await stranger.GetStringAsync("/shared"));

        var share = (await shares.ListAsync(owner.Id, run.Id)).Single();
        Assert.Equal(1, share.Opens);
        Assert.False(await shares.RevokeAsync("someone-else", share.Share.Id));
        Assert.True(await shares.RevokeAsync(owner.Id, share.Share.Id));
        Assert.DoesNotContain("variation in trade_volume_mn", await colleague.GetStringAsync($"/shared/runs/{run.Id}"));
        Assert.DoesNotContain("gravity findings", await colleague.GetStringAsync("/shared"));
    }

    [Fact]
    public async Task A_link_needs_sign_in_by_default_stops_at_expiry_or_revocation_and_is_stored_only_as_a_hash()
    {
        var (factory, owner, run) = await FinishedRunAsync();
        await using var _ = factory;
        await using var scope = factory.Services.CreateAsyncScope();
        var shares = scope.ServiceProvider.GetRequiredService<ShareService>();
        Assert.Equal("Share.Expiry", (await shares.CreateLinkAsync(owner.Id, run.Id, 91, true)).Problem);
        Assert.Equal("Share.AnonymousNotAllowed", (await shares.CreateLinkAsync(owner.Id, run.Id, 7, false)).Problem);
        var (token, _) = await shares.CreateLinkAsync(owner.Id, run.Id, 7, true);
        Assert.Equal(32, token!.Length); // 128 bits

        var anonymous = factory.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var redirect = await anonymous.GetAsync($"/s/{token}");
        Assert.Equal(HttpStatusCode.Redirect, redirect.StatusCode);
        Assert.Contains("/Account/Login", redirect.Headers.Location!.OriginalString);
        var signIn = await anonymous.GetStringAsync(redirect.Headers.Location!.OriginalString);
        Assert.Contains("Someone shared a result with you.", signIn); // told why they must sign in
        Assert.DoesNotContain("Someone shared a result with you.", await anonymous.GetStringAsync("/Account/Login?returnUrl=%2Fruns"));

        var stranger = await SignedInAsync(factory, "stranger@test.local", "copper kettle on the hill");
        var sharedPage = await stranger.GetStringAsync($"/s/{token}");
        Assert.Contains("of the variation in trade_volume_mn", sharedPage);
        Assert.Contains("data-testid=\"share-bar\"", sharedPage); // a way into the portal and the language switch
        Assert.Contains("Go to Concordia", sharedPage);
        Assert.Contains("culture/set?culture=zh-CN", sharedPage);
        Assert.Contains("This link does not work", await stranger.GetStringAsync($"/s/{new string('0', 32)}"));

        await using (var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync())
        {
            Assert.False(await db.Shares.AnyAsync(s => s.TokenHash == token));
            await db.Shares.ExecuteUpdateAsync(s => s.SetProperty(x => x.ExpiresAt, DateTimeOffset.UtcNow.AddMinutes(-1)));
        }

        var expired = await stranger.GetStringAsync($"/s/{token}");
        Assert.Contains("This link expired on", expired);
        Assert.DoesNotContain("variation in trade_volume_mn", expired);

        var (second, _) = await shares.CreateLinkAsync(owner.Id, run.Id, 7, true);
        var link = (await shares.ListAsync(owner.Id, run.Id)).First(s => s.Share.ExpiresAt > DateTimeOffset.UtcNow);
        Assert.True(await shares.RevokeAsync(owner.Id, link.Share.Id));
        Assert.Contains("This link does not work", await stranger.GetStringAsync($"/s/{second}"));
    }

    [Fact]
    public async Task Anonymous_links_work_only_where_an_administrator_allows_them()
    {
        var (factory, owner, run) = await FinishedRunAsync(new() { ["Sharing:AllowAnonymousLinks"] = "true" });
        await using var _ = factory;
        await using var scope = factory.Services.CreateAsyncScope();
        var (token, problem) = await scope.ServiceProvider.GetRequiredService<ShareService>().CreateLinkAsync(owner.Id, run.Id, 1, requireSignIn: false);
        Assert.Null(problem);

        var anonymous = factory.CreateClient();
        Assert.Contains("of the variation in trade_volume_mn", await anonymous.GetStringAsync($"/s/{token}"));
    }
}
