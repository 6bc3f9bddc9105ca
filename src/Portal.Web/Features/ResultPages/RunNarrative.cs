using System.Globalization;
using Microsoft.Extensions.Localization;
using Portal.Jobs.Results;
using Portal.Web.Features.Localization;

namespace Portal.Web.Features.ResultPages;

/// <summary>One sentence of the summary: a resource key and its arguments.</summary>
public sealed record NarrativePart(string Key, params object[] Arguments);

/// <summary>
/// The plain-language headline of a result, from the numbers only (templates, not a language model). Each sentence
/// has a threshold that keeps it true: "roughly half" only when the error fell by 40–60%, "better than the simple
/// rule" only when accuracy beats the majority class by at least two points, and so on (tested).
/// </summary>
public static class RunNarrative
{
    /// <summary>Below this change in error the model is "about the same" as the baseline.</summary>
    public const double SameErrorBand = 0.05;

    public static IReadOnlyList<NarrativePart> Regression(string target, double rSquared, double rmse, double baselineRmse, int testRows)
    {
        var parts = new List<NarrativePart>
        {
            rSquared >= 0.05 ? new("Narrative.Explains", rSquared, target) : new("Narrative.ExplainsNothing", target),
        };
        var reduction = baselineRmse > 0 ? 1 - (rmse / baselineRmse) : 0;
        parts.Add(reduction switch
        {
            >= 0.4 and <= 0.6 => new("Narrative.ErrorHalved", Number(rmse), Number(baselineRmse)),
            >= SameErrorBand => new("Narrative.ErrorLower", Number(rmse), reduction, Number(baselineRmse)),
            > -SameErrorBand => new("Narrative.ErrorSame", Number(rmse), Number(baselineRmse)),
            _ => new("Narrative.ErrorHigher", Number(rmse), Number(baselineRmse)),
        });
        parts.Add(new("Narrative.TestRows", testRows));
        return parts;
    }

    public static IReadOnlyList<NarrativePart> Classification(double accuracy, double baselineAccuracy, string? majorityClass, double macroF1, int classes, int testRows)
    {
        var gain = accuracy - baselineAccuracy;
        var parts = new List<NarrativePart>
        {
            new("Narrative.Accuracy", accuracy, majorityClass ?? "?", baselineAccuracy),
            gain >= 0.02 ? new("Narrative.BetterThanMajority", Math.Round(gain * 100)) : new("Narrative.NoBetterThanMajority"),
        };
        if (classes > 2 && macroF1 < 0.5 || classes == 2 && macroF1 < 0.6)
        {
            parts.Add(new("Narrative.WeakClasses", macroF1));
        }

        parts.Add(new("Narrative.TestRows", testRows));
        return parts;
    }

    public static IReadOnlyList<NarrativePart> For(RunEvaluation evaluation) =>
        evaluation.Regression is { } r
            ? Regression(evaluation.Target, r.RSquared, r.Rmse, evaluation.RegressionBaseline!.Rmse, r.Count)
            : Classification(evaluation.Classification!.Accuracy, evaluation.ClassificationBaseline!.Accuracy, evaluation.MajorityClass,
                evaluation.Classification.MacroF1, evaluation.Classes.Count, evaluation.Predictions.Count);

    public static string Text(IStringLocalizer<SharedResource> l, IEnumerable<NarrativePart> parts) =>
        string.Join(" ", parts.Select(p => l[p.Key, p.Arguments].Value));

    private static string Number(double value) => Portal.Web.Features.Datasets.DatasetFormat.Number(value);
}
