using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Data;
using Portal.Core.Features.Accounts;
using Portal.Core.Features.Audit;
using Portal.IntegrationTests.Infrastructure;

namespace Portal.IntegrationTests;

public sealed class AuditLogTests : IAsyncLifetime
{
    private readonly PortalFactory factory = new();

    public async Task InitializeAsync() => await factory.CreateUserAsync("analyst@test.local", "river stone lantern 2026", Roles.Analyst);

    public async Task DisposeAsync() => await factory.DisposeAsync();

    private async Task<List<AuditEntry>> EntriesAsync()
    {
        await using var scope = factory.Services.CreateAsyncScope();
        await using var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        return await db.AuditLog.OrderBy(e => e.Id).ToListAsync();
    }

    private async Task<AuditVerification> VerifyAsync()
    {
        await using var scope = factory.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<AuditLog>().VerifyAsync();
    }

    [Fact]
    public async Task Sign_ins_succeeded_and_failed_are_recorded_with_actor_source_and_outcome()
    {
        await new PortalSession(factory.CreateBrowserLikeClient()).SignInAsync("analyst@test.local", "wrong password entirely");
        await new PortalSession(factory.CreateBrowserLikeClient()).SignInAsync("analyst@test.local", "river stone lantern 2026");

        var entries = await EntriesAsync();

        Assert.Equal([(AuditActions.SignIn, AuditOutcome.Failure), (AuditActions.SignIn, AuditOutcome.Success)], entries.Select(e => (e.Action, e.Outcome)));
        Assert.All(entries, e => Assert.Equal("analyst@test.local", e.ActorName));
        Assert.All(entries, e => Assert.False(string.IsNullOrEmpty(e.ActorId)));
        Assert.Equal(AuditLog.Genesis, entries[0].PreviousHash);
        Assert.Equal(entries[0].Hash, entries[1].PreviousHash);
        Assert.True((await VerifyAsync()).Intact);
    }

    [Fact]
    public async Task Editing_a_row_directly_in_the_database_is_caught_by_verification()
    {
        for (var i = 0; i < 3; i++)
        {
            await new PortalSession(factory.CreateBrowserLikeClient()).SignInAsync("analyst@test.local", $"wrong password {i} again");
        }

        var second = (await EntriesAsync())[1];
        await using (var scope = factory.Services.CreateAsyncScope())
        await using (var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync())
        {
            // What an insider with database access might try: turn a failure into a success.
            await db.Database.ExecuteSqlRawAsync("UPDATE \"AuditLog\" SET \"Outcome\" = 'Success' WHERE \"Id\" = {0}", second.Id);
        }

        var verification = await VerifyAsync();

        Assert.False(verification.Intact);
        Assert.Equal(second.Id, verification.FirstBrokenId);
    }

    [Fact]
    public async Task Deleting_a_row_is_caught_at_the_entry_after_it()
    {
        for (var i = 0; i < 3; i++)
        {
            await new PortalSession(factory.CreateBrowserLikeClient()).SignInAsync("analyst@test.local", $"wrong password {i} again");
        }

        var entries = await EntriesAsync();
        await using (var scope = factory.Services.CreateAsyncScope())
        await using (var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync())
        {
            await db.Database.ExecuteSqlRawAsync("DELETE FROM \"AuditLog\" WHERE \"Id\" = {0}", entries[1].Id);
        }

        Assert.Equal(entries[2].Id, (await VerifyAsync()).FirstBrokenId);
    }

    [Fact]
    public async Task Deleting_the_newest_rows_is_caught_against_the_head_anchored_outside_the_database()
    {
        for (var i = 0; i < 4; i++)
        {
            await new PortalSession(factory.CreateBrowserLikeClient()).SignInAsync("analyst@test.local", $"wrong password {i} again");
        }

        var entries = await EntriesAsync();
        await using (var scope = factory.Services.CreateAsyncScope())
        await using (var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync())
        {
            await db.Database.ExecuteSqlRawAsync("DELETE FROM \"AuditLog\" WHERE \"Id\" >= {0}", entries[^2].Id);
        }

        var verification = await VerifyAsync();

        Assert.False(verification.Intact);
        Assert.True(verification.Truncated);
        Assert.Equal((entries.Count - 2L, (long)entries.Count), (verification.EntriesChecked, verification.Anchored!.Count));
    }

    [Fact]
    public async Task Rewriting_a_row_and_recomputing_every_later_hash_with_the_public_formula_is_caught()
    {
        for (var i = 0; i < 3; i++)
        {
            await new PortalSession(factory.CreateBrowserLikeClient()).SignInAsync("analyst@test.local", $"wrong password {i} again");
        }

        var entries = await EntriesAsync();
        await using (var scope = factory.Services.CreateAsyncScope())
        await using (var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync())
        {
            // An insider who read the source: change an outcome, then re-chain every entry from there with SHA-256.
            var tracked = await db.AuditLog.OrderBy(e => e.Id).ToListAsync();
            tracked[1].Outcome = AuditOutcome.Success;
            for (var i = 1; i < tracked.Count; i++)
            {
                tracked[i].PreviousHash = tracked[i - 1].Hash;
                tracked[i].Hash = AuditLog.HashOf(tracked[i]);
            }

            await db.SaveChangesAsync();
        }

        var verification = await VerifyAsync();

        Assert.False(verification.Intact);
        Assert.Equal(entries[1].Id, verification.FirstBrokenId);
    }

    [Fact]
    public async Task The_key_and_the_signed_head_live_in_the_data_folders_key_ring_not_in_the_database()
    {
        await new PortalSession(factory.CreateBrowserLikeClient()).SignInAsync("analyst@test.local", "wrong password entirely");

        var keys = Path.Combine(factory.DataDirectory, "keys");
        Assert.True(File.Exists(Path.Combine(keys, "audit-chain.json")));
        var head = System.Text.Json.JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(keys, "audit-head.json"))).RootElement;
        Assert.Equal(1, head.GetProperty("Count").GetInt64());
        Assert.True((await VerifyAsync()).Intact);
    }
}
