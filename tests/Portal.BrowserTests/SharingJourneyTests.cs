using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Portal.Core.Data;
using Portal.Core.Features.Accounts;
using Portal.Core.Features.Datasets;
using Portal.Core.Features.Runs;
using Portal.Core.Features.Sharing;
using Portal.Runs.Starting;
using Portal.Training.Specification;

namespace Portal.BrowserTests;

[Collection(BrowserCollection.Name)]
public sealed partial class SharingJourneyTests(BrowserFixture fixture)
{
    [Fact]
    public async Task An_owner_shares_a_result_with_a_colleague_who_reads_it_until_it_is_revoked_and_an_expired_link_says_so()
    {
        await fixture.CreateUserAsync("owner.share@browser.local", "willow by the water", "Analyst");
        await fixture.CreateUserAsync("colleague.share@browser.local", "maple leaves in october", "Viewer");
        var runId = await FinishedRunAsync("owner.share@browser.local");

        await using var ownerContext = await fixture.Browser.NewContextAsync(new BrowserNewContextOptions { Locale = "en-GB" });
        await using var colleagueContext = await fixture.Browser.NewContextAsync(new BrowserNewContextOptions { Locale = "en-GB" });
        var owner = await ownerContext.NewPageAsync();
        var colleague = await colleagueContext.NewPageAsync();
        await fixture.SignInAsync(owner, "owner.share@browser.local", "willow by the water");
        await fixture.SignInAsync(colleague, "colleague.share@browser.local", "maple leaves in october");

        // The owner shares the result page with the colleague.
        await owner.GotoAsync($"{fixture.BaseUrl}/runs/{runId}");
        await Accessibility.WaitForInteractiveAsync(owner);
        await owner.GetByLabel("Colleague's e-mail").FillAsync("colleague.share@browser.local");
        await owner.GetByRole(AriaRole.Button, new() { Name = "Share read-only" }).ClickAsync();
        await Assertions.Expect(owner.GetByRole(AriaRole.Cell, new() { Name = "colleague.share@browser.local", Exact = true })).ToBeVisibleAsync();
        await Accessibility.AssertNoViolationsAsync(owner);

        // The colleague finds it under "Shared with me" and reads it, with nothing to change.
        await colleague.GotoAsync(fixture.BaseUrl + "/shared");
        await Accessibility.WaitForInteractiveAsync(colleague);
        await Accessibility.AssertNoViolationsAsync(colleague);
        await colleague.GetByRole(AriaRole.Link, new() { Name = "shared trade model" }).ClickAsync();
        await Accessibility.WaitForInteractiveAsync(colleague);
        await Assertions.Expect(colleague.GetByText("Shared with you by owner.share@browser.local, read-only.")).ToBeVisibleAsync();
        await Assertions.Expect(colleague.GetByTestId("run-narrative")).ToContainTextAsync("of the variation in trade_volume_mn");
        await Assertions.Expect(colleague.GetByRole(AriaRole.Button, new() { Name = "Run again" })).ToHaveCountAsync(0);
        await Assertions.Expect(colleague.GetByRole(AriaRole.Button, new() { Name = "Share read-only" })).ToHaveCountAsync(0);
        await Accessibility.AssertNoViolationsAsync(colleague);

        // The owner revokes it; the colleague's next visit finds nothing.
        await owner.GetByRole(AriaRole.Button, new() { Name = "Revoke the share with colleague.share@browser.local" }).ClickAsync();
        await Assertions.Expect(owner.GetByRole(AriaRole.Cell, new() { Name = "Revoked", Exact = true })).ToBeVisibleAsync();
        await colleague.ReloadAsync();
        await Assertions.Expect(colleague.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Page not found");
        await colleague.GotoAsync(fixture.BaseUrl + "/shared");
        await Assertions.Expect(colleague.GetByText("Nothing has been shared with you yet.")).ToBeVisibleAsync();

        // A project with the colleague as a member: its page lists them (axe on the members panel too).
        await owner.GotoAsync(fixture.BaseUrl + "/projects");
        await Accessibility.WaitForInteractiveAsync(owner);
        await owner.GetByLabel("Name").First.FillAsync("Joint study");
        await owner.GetByRole(AriaRole.Button, new() { Name = "Create project" }).ClickAsync();
        await Assertions.Expect(owner.GetByRole(AriaRole.Heading, new() { Name = "Members of Joint study" })).ToBeVisibleAsync();
        await owner.GetByLabel("Colleague's e-mail").FillAsync("colleague.share@browser.local");
        await owner.GetByRole(AriaRole.Button, new() { Name = "Add a member to Joint study" }).ClickAsync();
        await Assertions.Expect(owner.GetByRole(AriaRole.Cell, new() { Name = "colleague.share@browser.local", Exact = true })).ToBeVisibleAsync();
        await Accessibility.AssertNoViolationsAsync(owner);

        // A link opened after its expiry says so.
        string token;
        await using (var scope = fixture.Services.CreateAsyncScope())
        {
            var ownerId = (await scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>().FindByEmailAsync("owner.share@browser.local"))!.Id;
            token = (await scope.ServiceProvider.GetRequiredService<ShareService>().CreateLinkAsync(ownerId, runId, 1, true)).Token!;
            await using var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
            await db.Shares.Where(s => s.RunId == runId && s.Kind == ShareKind.Link).ExecuteUpdateAsync(s => s.SetProperty(x => x.ExpiresAt, DateTimeOffset.UtcNow.AddMinutes(-5)));
        }

        await colleague.GotoAsync($"{fixture.BaseUrl}/s/{token}");
        await Assertions.Expect(colleague.GetByTestId("link-problem")).ToContainTextAsync("This link expired on");
        await Accessibility.AssertNoViolationsAsync(colleague);
    }

    [Fact]
    public async Task A_project_owner_adds_an_editor_and_a_viewer_moves_a_dataset_in_and_shares_a_run_with_the_project()
    {
        await fixture.CreateUserAsync("lead.project@browser.local", "lanterns over the harbour", "Analyst");
        await fixture.CreateUserAsync("editor.project@browser.local", "pebbles on the shore", "Analyst");
        await fixture.CreateUserAsync("viewer.project@browser.local", "gulls above the pier", "Analyst");
        var runId = await FinishedRunAsync("lead.project@browser.local");
        Guid datasetId;
        await using (var scope = fixture.Services.CreateAsyncScope())
        {
            await using var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
            datasetId = (await db.Runs.SingleAsync(r => r.Id == runId)).DatasetId;
        }

        await using var leadContext = await fixture.Browser.NewContextAsync(new BrowserNewContextOptions { Locale = "en-GB" });
        var lead = await leadContext.NewPageAsync();
        await fixture.SignInAsync(lead, "lead.project@browser.local", "lanterns over the harbour");

        // The lead creates a project and adds an Editor and a Viewer, each with their role.
        await lead.GotoAsync(fixture.BaseUrl + "/projects");
        await Accessibility.WaitForInteractiveAsync(lead);
        await lead.GetByLabel("Name").First.FillAsync("Harbour study");
        await lead.GetByRole(AriaRole.Button, new() { Name = "Create project" }).ClickAsync();
        await Assertions.Expect(lead.GetByRole(AriaRole.Heading, new() { Name = "Members of Harbour study" })).ToBeVisibleAsync();
        foreach (var (email, role) in new[] { ("editor.project@browser.local", "Editor"), ("viewer.project@browser.local", "Viewer") })
        {
            await lead.GetByLabel("Colleague's e-mail").FillAsync(email);
            await lead.GetByRole(AriaRole.Combobox, new() { Name = "Role" }).ClickAsync();
            await lead.GetByRole(AriaRole.Option, new() { Name = role, Exact = true }).ClickAsync();
            await lead.GetByRole(AriaRole.Button, new() { Name = "Add a member to Harbour study" }).ClickAsync();
            await Assertions.Expect(lead.GetByRole(AriaRole.Row, new() { NameRegex = new Regex(Regex.Escape(email) + ".*" + role) })).ToBeVisibleAsync();
        }

        await Accessibility.AssertNoViolationsAsync(lead);
        await using (var scope = fixture.Services.CreateAsyncScope())
        {
            await using var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
            var granted = await db.AuditLog.Where(e => e.Action == "project.member-add").Select(e => e.Detail).ToListAsync();
            Assert.Contains("editor.project@browser.local as Editor", granted); // every role granted is in the audit log
        }

        // The dataset moves into the project from its page; the run is shared with the project's members through it.
        await lead.GotoAsync($"{fixture.BaseUrl}/datasets/{datasetId}");
        await Accessibility.WaitForInteractiveAsync(lead);
        await lead.GetByRole(AriaRole.Combobox, new() { Name = "Project" }).ClickAsync();
        await lead.GetByRole(AriaRole.Option, new() { Name = "Harbour study" }).ClickAsync();
        await lead.GetByRole(AriaRole.Button, new() { Name = "Move to the project" }).ClickAsync();
        await Assertions.Expect(lead.GetByText("Saved.")).ToBeVisibleAsync();
        await Accessibility.AssertNoViolationsAsync(lead);
        await lead.GotoAsync($"{fixture.BaseUrl}/runs/{runId}");
        await Accessibility.WaitForInteractiveAsync(lead);
        await lead.GetByRole(AriaRole.Combobox, new() { Name = "Share with a project" }).ClickAsync();
        await lead.GetByRole(AriaRole.Option, new() { Name = "Harbour study" }).ClickAsync();
        await lead.GetByRole(AriaRole.Button, new() { Name = "Share with the project" }).ClickAsync();
        await Assertions.Expect(lead.GetByRole(AriaRole.Cell, new() { Name = "Project Harbour study", Exact = true })).ToBeVisibleAsync();
        await Accessibility.AssertNoViolationsAsync(lead);

        // The Editor sees the dataset (uploaded by the lead) and may train on it and describe it, not delete it.
        await using var editorContext = await fixture.Browser.NewContextAsync(new BrowserNewContextOptions { Locale = "en-GB" });
        var editor = await editorContext.NewPageAsync();
        await fixture.SignInAsync(editor, "editor.project@browser.local", "pebbles on the shore");
        await editor.GotoAsync(fixture.BaseUrl + "/projects");
        await Accessibility.WaitForInteractiveAsync(editor);
        await Assertions.Expect(editor.GetByRole(AriaRole.Row, new() { NameRegex = new Regex("Harbour study.*lead.project@browser.local.*Editor") })).ToBeVisibleAsync();
        await Accessibility.AssertNoViolationsAsync(editor);
        await editor.GotoAsync(fixture.BaseUrl + "/datasets");
        await Accessibility.WaitForInteractiveAsync(editor);
        await Assertions.Expect(editor.GetByRole(AriaRole.Row, new() { NameRegex = new Regex("trade-panel.*lead.project@browser.local") })).ToBeVisibleAsync();
        await editor.GotoAsync($"{fixture.BaseUrl}/datasets/{datasetId}");
        await Accessibility.WaitForInteractiveAsync(editor);
        await Assertions.Expect(editor.GetByRole(AriaRole.Link, new() { Name = "Train a model on this dataset" })).ToBeVisibleAsync();
        await Assertions.Expect(editor.GetByRole(AriaRole.Button, new() { Name = "Delete dataset" })).ToHaveCountAsync(0);
        await Assertions.Expect(editor.GetByRole(AriaRole.Button, new() { Name = "Save" })).ToBeVisibleAsync(); // Editors rename and describe
        await editor.GotoAsync($"{fixture.BaseUrl}/runs/{runId}");
        await Accessibility.WaitForInteractiveAsync(editor);
        // The run stayed in the lead's personal project and reached the project by a share: read-only for every member.
        await Assertions.Expect(editor.GetByTestId("run-access")).ToContainTextAsync("in the project personal; you can read it");
        await Assertions.Expect(editor.GetByTestId("export-predictions.csv")).ToHaveCountAsync(0);
        await Assertions.Expect(editor.GetByRole(AriaRole.Button, new() { Name = "Share read-only" })).ToHaveCountAsync(0);
        await Accessibility.AssertNoViolationsAsync(editor);

        // The Editor uploads into the project; the Viewer will find it in their list.
        await editor.GotoAsync(fixture.BaseUrl + "/datasets");
        await Accessibility.WaitForInteractiveAsync(editor);
        await editor.GetByRole(AriaRole.Combobox, new() { Name = "Project" }).ClickAsync();
        await editor.GetByRole(AriaRole.Option, new() { Name = "Harbour study" }).ClickAsync();
        var file = Path.Combine(Path.GetTempPath(), $"harbour-counts-{Guid.NewGuid():N}.csv");
        await File.WriteAllTextAsync(file, "port,ships\nNingbo,120\nRotterdam,95\n");
        await editor.GetByLabel("Choose a file to upload").SetInputFilesAsync(file);
        await Assertions.Expect(editor.GetByText(new Regex("^Stored .harbour-counts"))).ToBeVisibleAsync();
        await Accessibility.AssertNoViolationsAsync(editor);

        // The Viewer reads the same page with nothing to download, change or share.
        await using var viewerContext = await fixture.Browser.NewContextAsync(new BrowserNewContextOptions { Locale = "en-GB" });
        var viewer = await viewerContext.NewPageAsync();
        await fixture.SignInAsync(viewer, "viewer.project@browser.local", "gulls above the pier");
        await viewer.GotoAsync($"{fixture.BaseUrl}/runs/{runId}");
        await Accessibility.WaitForInteractiveAsync(viewer);
        await Assertions.Expect(viewer.GetByTestId("run-narrative")).ToContainTextAsync("of the variation in trade_volume_mn");
        await Assertions.Expect(viewer.GetByTestId("export-predictions.csv")).ToHaveCountAsync(0);
        await Assertions.Expect(viewer.GetByRole(AriaRole.Button, new() { Name = "Run again" })).ToHaveCountAsync(0);
        await Accessibility.AssertNoViolationsAsync(viewer);
        var download = await viewerContext.APIRequest.GetAsync($"{fixture.BaseUrl}/runs/{runId}/export/predictions.csv");
        Assert.Equal(404, download.Status);
        await viewer.GotoAsync(fixture.BaseUrl + "/datasets");
        await Accessibility.WaitForInteractiveAsync(viewer);
        await Assertions.Expect(viewer.GetByRole(AriaRole.Row, new() { NameRegex = new Regex("harbour-counts.*editor.project@browser.local") })).ToBeVisibleAsync();
    }

    private async Task<Guid> FinishedRunAsync(string email)
    {
        await using var scope = fixture.Services.CreateAsyncScope();
        var ownerId = (await scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>().FindByEmailAsync(email))!.Id;
        await using var file = File.OpenRead(Path.Combine(AppContext.BaseDirectory, "samples", "trade-panel.csv"));
        var dataset = (await scope.ServiceProvider.GetRequiredService<DatasetIngestService>().UploadAsync(ownerId, "trade-panel.csv", file, DatasetKind.Table)).Dataset!;
        var submissions = scope.ServiceProvider.GetRequiredService<RunSubmissionService>();
        var proposal = (await submissions.ProposeAsync(ownerId, dataset.Id))!;
        var run = (await submissions.SubmitAsync(ownerId, new RunRequest
        {
            DatasetId = dataset.Id,
            Name = "shared trade model",
            Specification = proposal.Specification with { Model = ModelFamily.Linear, Hyperparameters = proposal.Specification.Hyperparameters with { Epochs = 5, WarmupEpochs = 1 } },
        })).Run!;
        var db = scope.ServiceProvider.GetRequiredService<IDbContextFactory<PortalDbContext>>();
        for (var i = 0; i < 600; i++)
        {
            await using var context = await db.CreateDbContextAsync();
            if ((await context.Runs.AsNoTracking().SingleAsync(r => r.Id == run.Id)).Status == RunStatus.Succeeded)
            {
                return run.Id;
            }

            await Task.Delay(100);
        }

        throw new TimeoutException("The run did not succeed in 60 s.");
    }

}
