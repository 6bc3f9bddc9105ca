using System.Globalization;
using Portal.Core.Features.Runs;
using Portal.Training.Specification;

namespace Portal.Jobs.Runs;

/// <summary>One task-specific setting as pages show it: the setting's name (a Setting.* resource key) and its value.</summary>
public sealed record TaskSetting(string Setting, string Value);

/// <summary>
/// Any run's settings in one shape for the pages that show or compare them (run page, reproducibility box, compare):
/// what it predicts, from which columns, the model, the shared hyperparameters and split, and the task's own settings.
/// </summary>
public sealed record RunSettings(
    string Subject,
    IReadOnlyList<string> Inputs,
    string Model,
    int Seed,
    Hyperparameters Hyperparameters,
    double ValidationFraction,
    double TestFraction,
    IReadOnlyList<TaskSetting> TaskSettings)
{
    public static RunSettings Of(Run run)
    {
        var request = RunRequest.ForRun(run, RunSubmissionService.Json);
        if (request.Text is { } t)
        {
            return new(t.LabelColumn, [t.TextColumn], t.Model.ToString(), t.Split.Seed, t.Hyperparameters, t.Split.ValidationFraction, t.Split.TestFraction,
                [new("MaxTokens", Number(t.MaxTokens)), new("VocabularySize", Number(t.VocabularySize)), new("EmbeddingSize", Number(t.EmbeddingSize))]);
        }

        if (request.Entities is { } e)
        {
            return new("entities", [], e.Model.ToString(), e.Split.Seed, e.Hyperparameters, e.Split.ValidationFraction, e.Split.TestFraction,
                [new("UseCrf", e.UseCrf ? "CRF" : "–"), new("MaxTokens", Number(e.MaxTokens)), new("WordEmbedding", Number(e.WordEmbedding))]);
        }

        if (request.Forecast is { } f)
        {
            return new(f.Target, [f.TimeColumn, .. f.Covariates], f.Model.ToString(), f.Seed, f.Hyperparameters, f.ValidationFraction, f.TestFraction,
                [new("Horizon", Number(f.Horizon)), new("Season", f.Season is { } s ? Number(s) : "auto"), new("Window", f.Window is { } w ? Number(w) : "auto")]);
        }

        var spec = request.Specification!;
        return new(spec.Target, spec.Features ?? [], spec.Model.ToString(), spec.Split.Seed, spec.Hyperparameters, spec.Split.ValidationFraction, spec.Split.TestFraction,
            spec.GroupingColumn is { Length: > 0 } g ? [new("Grouping", g)] : []);
    }

    private static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);
}
