using System.Globalization;
using Microsoft.Extensions.Localization;
using Portal.Runs.Results;
using Portal.Web.Features.Datasets;
using Portal.Web.Features.Localization;
using Portal.Training.Text;

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

    public static IReadOnlyList<NarrativePart> Classification(
        double accuracy, double baselineAccuracy, string? majorityClass, double macroF1, int classes, int testRows)
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

    /// <summary>Entity F1 against tagging each word with its most frequent tag; weak types named when they have enough examples to
    /// judge.</summary>
    public static IReadOnlyList<NarrativePart> Entities(
        double f1, double baselineF1, IReadOnlyList<(string Type, double F1, int Support)> types, int testSentences)
    {
        var gain = f1 - baselineF1;
        var parts = new List<NarrativePart>
        {
            new("Narrative.EntityF1", f1, baselineF1),
            gain >= 0.02 ? new("Narrative.EntityBetter", Math.Round(gain * 100)) : new("Narrative.EntityNoBetter"),
        };
        var weak = types.Where(t => t.Support >= 5 && t.F1 < 0.5).Select(t => t.Type).ToList();
        if (weak.Count > 0)
        {
            parts.Add(new("Narrative.WeakTypes", string.Join(", ", weak)));
        }

        parts.Add(new("Narrative.TestSentences", testSentences));
        return parts;
    }

    /// <summary>Mean absolute forecast error against the seasonal-naive forecast (or repeating the last value when there is no
    /// season).</summary>
    /// <param name="lastPoints">Whether the test part is the last <paramref name="horizon"/> points (runs from before that scored
    /// rolling forecasts over the last part).</param>
    public static IReadOnlyList<NarrativePart> Forecast(
        string target, int horizon, double mae, double baselineMae, int season, int forecasts, bool lastPoints = false)
    {
        var parts = new List<NarrativePart> { new("Narrative.ForecastError", target, horizon, Number(mae)) };
        var baseline = season > 1 ? $"Narrative.SeasonalBaseline" : "Narrative.NaiveBaseline";
        var reduction = baselineMae > 0 ? 1 - (mae / baselineMae) : 0;
        parts.Add(reduction switch
        {
            >= 0.4 and <= 0.6 => new("Narrative.ForecastHalved", baseline, Number(baselineMae), season),
            >= SameErrorBand => new("Narrative.ForecastLower", reduction, baseline, Number(baselineMae), season),
            > -SameErrorBand => new("Narrative.ForecastSame", baseline, Number(baselineMae), season),
            _ => new("Narrative.ForecastHigher", baseline, Number(baselineMae), season),
        });
        parts.Add(lastPoints ? new("Narrative.TestPart", forecasts) : new("Narrative.TestForecasts", forecasts));
        return parts;
    }

    public static IReadOnlyList<NarrativePart> For(RunEvaluation evaluation) =>
        evaluation.Entities is { } e
            ? Entities(
                e.Scores.F1, e.Baseline.F1, e.Scores.PerType.Select(t => (t.Type, t.F1, t.Support)).ToList(), evaluation.Predictions.Count)
        : evaluation.Forecast is { } f
            ? Forecast(evaluation.Target, f.Horizon, f.Scores.Mae, f.Baseline.Mae, f.Season, f.Scores.Points, f.Choice is not null)
        : evaluation.Regression is { } r
            ? Regression(evaluation.Target, r.RSquared, r.Rmse, evaluation.RegressionBaseline!.Rmse, r.Count)
        : evaluation.Text is { } text
            ? Text(text, evaluation.Classification!.MacroF1, evaluation.ClassificationBaseline!.MacroF1, evaluation.MajorityClass,
                evaluation.Predictions.Count)
            : Classification(evaluation.Classification!.Accuracy, evaluation.ClassificationBaseline!.Accuracy, evaluation.MajorityClass,
                evaluation.Classification.MacroF1, evaluation.Classes.Count, evaluation.Predictions.Count);

    /// <summary>Below this many test texts the headline is said to be rough.</summary>
    public const int FewTestTexts = 100;

    /// <summary>
    /// Text runs are read by macro-F1 against always answering the majority class, with the interval beside it; a model
    /// that ties the majority class on an imbalanced corpus is told why, and what to change.
    /// </summary>
    public static IReadOnlyList<NarrativePart> Text(
        TextSelection text, double macroF1, double baselineMacroF1, string? majority, int testTexts)
    {
        var parts = new List<NarrativePart>
        {
            text.MacroF1Interval is { } i
                ? new("Narrative.TextMacroF1Interval", macroF1, i.Low, i.High, baselineMacroF1, majority ?? "?")
                : new("Narrative.TextMacroF1", macroF1, baselineMacroF1, majority ?? "?"),
        };
        if (macroF1 < baselineMacroF1 + 0.02)
        {
            parts.Add(text.Imbalance > TextDefaults.BalanceAbove && !text.Balanced
                ? new("Narrative.TextImbalanced", text.Imbalance)
                : new("Narrative.TextTiesBaseline"));
        }

        if (text.Candidates.Count > 1)
        {
            var chosen = text.Folds > 0 ? "Narrative.TextChosenByFolds" : "Narrative.TextChosen";
            parts.Add(new(chosen, $"NewRun.Model.{text.Model}", text.Folds));
        }

        parts.Add(testTexts < FewTestTexts ? new("Narrative.FewTestTexts", testTexts) : new("Narrative.TestRows", testTexts));
        return parts;
    }

    /// <summary>Whether the result page should offer training again with balanced class weights.</summary>
    public static bool OffersBalancing(RunEvaluation evaluation) =>
        evaluation.Text is { Balanced: false } text && text.Imbalance > TextDefaults.BalanceAbove;

    /// <summary>The sentences in the reader's language; an argument that names a resource key (the baseline's name) is translated
    /// first.</summary>
    public static string Text(IStringLocalizer<SharedResource> l, IEnumerable<NarrativePart> parts) =>
        string.Join(
            " ", parts.Select(
                p => l[p.Key, p.Arguments.Select(
                    a => a is string s && s.StartsWith("Narrative.", StringComparison.Ordinal) ? l[s, p.Arguments.Last()].Value
                        : a is string key && key.StartsWith("NewRun.Model.", StringComparison.Ordinal) ? l[key].Value : a)
                        .ToArray()].Value));

    private static string Number(double value) => DatasetFormat.Number(value);
}
