using Microsoft.Extensions.Localization;
using MudBlazor;
using Portal.Core.Features.Runs;
using Portal.Runs.Planning;
using Portal.Web.Features.Localization;

namespace Portal.Web.Features.Runs;

/// <summary>Run states, problems and errors in the reader's language; the codes come from the services.</summary>
public static class RunText
{
    /// <summary>Settings whose range problems have their own sentence (Setting.OutOfRange names one of these).</summary>
    public static readonly IReadOnlyList<string> RangeSettings =
    [
        "LearningRate", "Epochs", "BatchSize", "WeightDecay", "Momentum", "Dropout", "HiddenLayers", "HiddenWidth",
        "Patience", "GradientClip", "WarmupEpochs", "StepEvery", "StepFactor", "ValidationFraction", "TestFraction",
    ];

    /// <summary>The range checks of the text, entity and forecasting settings (TaskPlanner).</summary>
    public static readonly IReadOnlyList<string> TaskRangeSettings =
    [
        "MaxTokens",
        "VocabularySize",
        "EmbeddingSize",
        "WordEmbedding",
        "Horizon",
    ];

    /// <summary>
    /// What a run is training now, from its phase: a model of the tables' or the texts' Auto ("linear", "mlp",
    /// "tfidflinear", "bagofembeddings"), or a cross-validation fold of one ("cv-tfidflinear").
    /// </summary>
    public static string Phase(IStringLocalizer<SharedResource> l, string phase)
    {
        var folds = phase.StartsWith("cv-", StringComparison.Ordinal);
        var name = folds ? phase[3..] : phase;
        var key = name switch
        {
            "mlp" => "Mlp",
            "tfidflinear" => "TfIdfLinear",
            "bagofembeddings" => "BagOfEmbeddings",
            _ => "Linear",
        };
        var model = l[$"NewRun.Model.{key}"].Value;
        return folds ? l["Run.Phase.CrossValidation", model].Value : model;
    }

    public static readonly IReadOnlyList<string> ProblemCodes =
    [
        "Target.Missing",
        "Feature.Missing",
        "Feature.IsTarget",
        "Features.None",
        "Grouping.Missing",
        "Target.AllMissing",
        "Target.NotNumeric",
        "Target.Constant",
        "Target.OneClass",
        "Data.TooFewRows",
        "BatchSize.TooLarge",
        "Dataset.NotTable",
        "Dataset.Archived",
        "Dataset.NotReady",
        "Project.NotFound",
        "Dataset.NotFound",
        "Quota.ActiveRuns",
        "Quota.ComputeMinutes",
        "Task.NotForDataset",
        "Run.NotFound",
        "Setting.Unknown",
        "Setting.WrongKind",
        "Time.NotDates",
        "Horizon.TooLong",
        "Season.TooLong",
        "Time.Duplicates",
        "Time.MixedFrequency",
        "Time.NotTimes",
        "Series.TooShortForNetwork",
        "Column.Missing",
        "Text.MostlyEmpty",
        "Text.AllIdentical",
        "Label.Variants",
        "Label.SingleText",
    ];

    public static readonly IReadOnlyList<string> ErrorCodes =
    [
        "Training.Diverged",
        "Dataset.Deleted",
        "Run.HostLost",
        "Checkpoint.Mismatch",
        "Run.Stopped",
        "Training.Error",
    ];

    public static string Status(IStringLocalizer<SharedResource> l, RunStatus status) => l[$"Run.Status.{status}"];

    public static Color StatusColor(RunStatus status) => status switch
    {
        RunStatus.Succeeded => Color.Success,
        RunStatus.Failed => Color.Error,
        RunStatus.Running => Color.Info,
        RunStatus.StoppedByQuota => Color.Warning,
        _ => Color.Default,
    };

    public static string Problem(IStringLocalizer<SharedResource> l, RunProblem problem)
    {
        var text = problem.Code == "Setting.OutOfRange" ? l[$"RunProblem.Range.{problem.Field}"]
            : l[$"RunProblem.{problem.Code}", problem.Arguments];
        return text.ResourceNotFound ? problem.Message : text.Value;
    }

    /// <summary>The translated explanation of a failure, followed by the engine's own words (which carry the numbers).</summary>
    public static string Error(IStringLocalizer<SharedResource> l, Run run)
    {
        var text = l[$"RunError.{run.ErrorCode}"];
        return text.ResourceNotFound ? run.ErrorMessage ?? string.Empty : $"{text.Value} ({run.ErrorMessage})";
    }

    public static string Duration(IStringLocalizer<SharedResource> l, double seconds) => seconds switch
    {
        < 60 => l["Run.Seconds", Math.Max(1, (int)Math.Round(seconds))],
        < 3600 => l["Run.Minutes", (int)Math.Round(seconds / 60)],
        _ => l["Run.Hours", Math.Round(seconds / 3600, 1)],
    };
}
