using System.Globalization;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;
using Portal.Runs.Planning;
using Portal.Web.Features.Runs;

namespace Portal.Web.Tests;

/// <summary>The new-run model step: the settings in one line, the fields behind a fold that opens itself for a refused field.</summary>
public sealed class RunModelStepTests
{
    // MudBlazor's buttons hold a service that only disposes asynchronously: each test owns its context and awaits its disposal.
    private static BunitContext Context()
    {
        var context = new BunitContext();
        context.Services.AddMudServices();
        context.Services.AddLocalization(options => options.ResourcesPath = "Resources");
        context.JSInterop.Mode = JSRuntimeMode.Loose;
        return context;
    }

    private static RunForm Form() => new() { Epochs = 40, BatchSize = 64, LearningRate = 0.003, Patience = 8, Seed = 7 };

    [Fact]
    public async Task The_settings_are_summed_up_and_folded_until_asked_for()
    {
        using var _ = new English();
        await using var context = Context();
        var step = context.Render<RunModelStep>(p => p.Add(s => s.Form, Form()));

        Assert.Contains("40 epochs · batch 64 · learning rate 0.003 · patience 8 · AdamW · seed 7", step.Find("[data-testid=settings-summary]").TextContent);
        Assert.True(step.Find("#run-advanced").HasAttribute("hidden"));
        Assert.Equal("false", step.Find("#run-advanced-toggle").GetAttribute("aria-expanded"));
        step.Find("#run-advanced-toggle").Click();
        Assert.False(step.Find("#run-advanced").HasAttribute("hidden"));
        Assert.Equal("true", step.Find("#run-advanced-toggle").GetAttribute("aria-expanded"));
    }

    [Fact]
    public async Task A_refused_setting_opens_the_fold_with_its_reason()
    {
        using var _ = new English();
        await using var context = Context();
        var step = context.Render<RunModelStep>(p => p
            .Add(s => s.Form, Form())
            .Add(s => s.Problems, [new RunProblem("Epochs", "Setting.OutOfRange", "Epochs must be between 1 and 10,000.", "Epochs", 1, 10000)]));

        Assert.False(step.Find("#run-advanced").HasAttribute("hidden"));
        Assert.Equal("true", step.Find("#run-advanced-toggle").GetAttribute("aria-expanded"));
    }

    private sealed class English : IDisposable
    {
        private readonly CultureInfo previous = CultureInfo.CurrentUICulture;

        public English() => CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo("en");

        public void Dispose() => CultureInfo.CurrentUICulture = previous;
    }
}
