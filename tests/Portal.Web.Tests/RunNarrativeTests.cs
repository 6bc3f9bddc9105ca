using System.Globalization;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Portal.Web.Features.Localization;
using Portal.Runs.Results;
using Portal.Training.Metrics;
using Portal.Training.Text;
using Portal.Web.Features.ResultPages;

namespace Portal.Web.Tests;

/// <summary>The summary must never claim what the numbers do not show: each wording has its threshold.</summary>
public sealed class RunNarrativeTests
{
    private static IStringLocalizer<SharedResource> Localizer()
    {
        var factory = new ResourceManagerStringLocalizerFactory(Options.Create(new LocalizationOptions { ResourcesPath = "Resources" }), NullLoggerFactory.Instance);
        return new StringLocalizer<SharedResource>(factory);
    }

    private static string[] Keys(IEnumerable<NarrativePart> parts) => parts.Select(p => p.Key).ToArray();

    [Theory]
    [InlineData(0.87, 10.0, 20.0, "Narrative.Explains", "Narrative.ErrorHalved")]      // error −50%: "roughly half"
    [InlineData(0.87, 12.0, 20.0, "Narrative.Explains", "Narrative.ErrorHalved")]      // −40%: still "roughly half"
    [InlineData(0.87, 12.2, 20.0, "Narrative.Explains", "Narrative.ErrorLower")]       // −39%: a percentage instead
    [InlineData(0.95, 7.0, 20.0, "Narrative.Explains", "Narrative.ErrorLower")]        // −65%: more than half, said as a percentage
    [InlineData(0.02, 19.5, 20.0, "Narrative.ExplainsNothing", "Narrative.ErrorSame")] // within 5%: "about the same"
    [InlineData(-0.3, 23.0, 20.0, "Narrative.ExplainsNothing", "Narrative.ErrorHigher")]
    public void Regression_wording_follows_the_numbers(double r2, double rmse, double baselineRmse, string first, string second)
    {
        var parts = RunNarrative.Regression("trade_volume", r2, rmse, baselineRmse, 277);
        Assert.Equal([first, second, "Narrative.TestRows"], Keys(parts));
    }

    [Theory]
    [InlineData(0.91, 0.60, 0.88, 3, new[] { "Narrative.Accuracy", "Narrative.BetterThanMajority", "Narrative.TestRows" })]
    [InlineData(0.61, 0.60, 0.30, 3, new[] { "Narrative.Accuracy", "Narrative.NoBetterThanMajority", "Narrative.WeakClasses", "Narrative.TestRows" })]
    [InlineData(0.80, 0.50, 0.55, 2, new[] { "Narrative.Accuracy", "Narrative.BetterThanMajority", "Narrative.WeakClasses", "Narrative.TestRows" })]
    public void Classification_wording_follows_the_numbers(double accuracy, double baseline, double macroF1, int classes, string[] expected) =>
        Assert.Equal(expected, Keys(RunNarrative.Classification(accuracy, baseline, "low", macroF1, classes, 300)));

    [Theory]
    [InlineData(0.33, 0.32, false, 13.0, 400, new[] { "Narrative.TextMacroF1Interval", "Narrative.TextImbalanced", "Narrative.TextChosen", "Narrative.TestRows" })]
    [InlineData(0.33, 0.32, true, 13.0, 400, new[] { "Narrative.TextMacroF1Interval", "Narrative.TextTiesBaseline", "Narrative.TextChosen", "Narrative.TestRows" })]
    [InlineData(0.33, 0.32, false, 1.5, 400, new[] { "Narrative.TextMacroF1Interval", "Narrative.TextTiesBaseline", "Narrative.TextChosen", "Narrative.TestRows" })]
    [InlineData(0.80, 0.32, false, 13.0, 40, new[] { "Narrative.TextMacroF1Interval", "Narrative.TextChosen", "Narrative.FewTestTexts" })]
    public void Text_wording_says_why_a_model_ties_the_majority_and_when_the_test_is_small(
        double macroF1, double baseline, bool balanced, double imbalance, int testTexts, string[] expected)
    {
        var selection = new TextSelection(
            "TfIdfLinear", balanced, imbalance, [new(TextModel.TfIdfLinear, 0.5, null), new(TextModel.BagOfEmbeddings, 0.4, null)], 0,
                new ScoreInterval(macroF1 - 0.05, macroF1 + 0.05, testTexts));

        Assert.Equal(expected, Keys(RunNarrative.Text(selection, macroF1, baseline, "宋词", testTexts)));
        Assert.Equal(!balanced && imbalance > 3, RunNarrative.OffersBalancing(new RunEvaluation(
            "TextClassification", "label", ["a", "b"], null, null, null, null, "a", [], [], null, [], []) { Text = selection }));
    }

    [Fact]
    public void The_text_summary_reads_in_both_languages_with_its_interval_and_the_fix()
    {
        var selection = new TextSelection("TfIdfLinear", false, 13.4, [], 0, new ScoreInterval(0.29, 0.37, 1500));
        var parts = RunNarrative.Text(selection, 0.33, 0.32, "宋词", 1500);
        var l = Localizer();
        var before = CultureInfo.CurrentUICulture;
        try
        {
            CultureInfo.CurrentUICulture = CultureInfo.CurrentCulture = new CultureInfo("en");
            var english = RunNarrative.Text(l, parts);
            Assert.Contains("Macro-F1 is 0.33 (95% interval 0.29–0.37)", english);
            Assert.Contains("13.4 times", english);
            Assert.Contains("balanced classes", english);

            CultureInfo.CurrentUICulture = CultureInfo.CurrentCulture = new CultureInfo("zh-CN");
            var chinese = RunNarrative.Text(l, parts);
            Assert.Contains("宏平均 F1 为 0.33", chinese);
            Assert.Contains("平衡类别重新训练", chinese);
        }
        finally
        {
            CultureInfo.CurrentUICulture = CultureInfo.CurrentCulture = before;
        }
    }

    [Fact]
    public void The_english_and_chinese_sentences_carry_the_numbers()
    {
        var parts = RunNarrative.Regression("trade_volume", 0.8712, 10, 20, 277);
        var l = Localizer();
        var before = CultureInfo.CurrentUICulture;
        try
        {
            CultureInfo.CurrentUICulture = CultureInfo.CurrentCulture = new CultureInfo("en");
            var english = RunNarrative.Text(l, parts);
            Assert.Contains("explains 87% of the variation in trade_volume", english.Replace("\u00A0", " ", StringComparison.Ordinal));
            Assert.Contains("roughly half", english);
            Assert.Contains("277 test rows", english);

            CultureInfo.CurrentUICulture = CultureInfo.CurrentCulture = new CultureInfo("zh-CN");
            var chinese = RunNarrative.Text(l, parts);
            Assert.Contains("一半", chinese);
            Assert.Contains("trade_volume", chinese);
        }
        finally
        {
            CultureInfo.CurrentUICulture = CultureInfo.CurrentCulture = before;
        }
    }

    [Theory]
    [InlineData(0.82, 0.60, new[] { "Narrative.EntityF1", "Narrative.EntityBetter", "Narrative.TestSentences" })]
    [InlineData(0.61, 0.60, new[] { "Narrative.EntityF1", "Narrative.EntityNoBetter", "Narrative.TestSentences" })]  // one point is no improvement
    [InlineData(0.40, 0.60, new[] { "Narrative.EntityF1", "Narrative.EntityNoBetter", "Narrative.WeakTypes", "Narrative.TestSentences" })]
    public void Entity_wording_follows_the_numbers(double f1, double baseline, string[] expected)
    {
        // ORG is weak only in the last case; a type with fewer than five gold spans is never called weak.
        var types = new List<(string, double, int)> { ("ORG", f1 < 0.5 ? 0.3 : 0.8, 40), ("MISC", 0.1, 3) };
        Assert.Equal(expected, Keys(RunNarrative.Entities(f1, baseline, types, 60)));
    }

    [Theory]
    [InlineData(50.0, 100.0, "Narrative.ForecastHalved")]  // −50%
    [InlineData(61.0, 100.0, "Narrative.ForecastLower")]   // −39%
    [InlineData(97.0, 100.0, "Narrative.ForecastSame")]    // −3%
    [InlineData(110.0, 100.0, "Narrative.ForecastHigher")] // worse than the baseline: said plainly
    public void Forecast_wording_follows_the_numbers(double mae, double baselineMae, string comparison) =>
        Assert.Equal(["Narrative.ForecastError", comparison, "Narrative.TestForecasts"], Keys(RunNarrative.Forecast("new_cases", 7, mae, baselineMae, 7, 525)));

    [Fact]
    public void The_forecast_sentences_name_the_baseline_in_the_readers_language()
    {
        var l = Localizer();
        var before = CultureInfo.CurrentUICulture;
        try
        {
            CultureInfo.CurrentUICulture = CultureInfo.CurrentCulture = new CultureInfo("en");
            var seasonal = RunNarrative.Text(l, RunNarrative.Forecast("new_cases", 7, 61, 100, 7, 525));
            Assert.Contains("up to 7 steps ahead are off by 61", seasonal);
            Assert.Contains("39% less than repeating the value one season (7 steps) earlier (100)", seasonal.Replace("\u00A0", " ", StringComparison.Ordinal));
            Assert.Contains("repeating the last value", RunNarrative.Text(l, RunNarrative.Forecast("x", 1, 61, 100, 1, 50)));

            CultureInfo.CurrentUICulture = CultureInfo.CurrentCulture = new CultureInfo("zh-CN");
            Assert.Contains("重复一个季节（7 步）之前的值", RunNarrative.Text(l, RunNarrative.Forecast("new_cases", 7, 61, 100, 7, 525)));
        }
        finally
        {
            CultureInfo.CurrentUICulture = CultureInfo.CurrentCulture = before;
        }
    }
}
