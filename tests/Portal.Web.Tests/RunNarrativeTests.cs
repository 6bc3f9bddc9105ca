using System.Globalization;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Portal.Web.Features.Localization;
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
}
