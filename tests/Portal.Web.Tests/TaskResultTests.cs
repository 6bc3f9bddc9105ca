using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;
using Portal.Runs.Results;
using Portal.Training.Entities;
using Portal.Training.Forecasting;
using Portal.Training.Metrics;
using Portal.Web.Features.ResultPages;

namespace Portal.Web.Tests;

/// <summary>The entity and forecast parts of the result page, rendered from a small evaluation.</summary>
public sealed class TaskResultTests : BunitContext
{
    public TaskResultTests()
    {
        Services.AddMudServices();
        Services.AddLocalization(options => options.ResourcesPath = "Resources");
        JSInterop.Mode = JSRuntimeMode.Loose;
    }

    [Fact]
    public void Entity_examples_mark_gold_spans_and_say_which_predicted_spans_are_wrong_in_words_not_only_colour()
    {
        string[] tokens = ["World", "Bank", "opened", "in", "Geneva"];
        var scores = new EntityScores(0.5, 0.5, 0.5, 0.5, [new TypeScores("LOC", 0, 0, 0, 1), new TypeScores("ORG", 1, 1, 1, 1)]);
        var evaluation = new EntityEvaluation(scores, scores with { F1 = 0.2 }, 0.8,
            [new TaggedExample(tokens, [new EntitySpan("ORG", 0, 2), new EntitySpan("LOC", 4, 5)], [new EntitySpan("ORG", 0, 2), new EntitySpan("PER", 4, 5)])]);

        var view = Render<EntityView>(p => p.Add(c => c.Evaluation, evaluation));

        var lines = view.FindAll("[data-testid=entity-examples] li div");
        Assert.Equal(["World Bank [ORG]", "Geneva [LOC]"], lines[0].QuerySelectorAll("mark.entity-gold").Select(m => m.TextContent));
        Assert.Equal("World Bank [ORG]", lines[1].QuerySelector("mark.entity-right")!.TextContent);
        Assert.Equal("Geneva [PER, wrong]", lines[1].QuerySelector("mark.entity-wrong")!.TextContent);
        Assert.Contains("opened in", lines[1].TextContent);
        Assert.Equal(["LOC", "ORG", "All entities"], view.FindAll("tbody th[scope=row]").Select(h => h.TextContent));
    }

    [Fact]
    public void A_forecast_is_drawn_over_time_with_a_text_alternative_and_the_next_steps_in_a_table()
    {
        var times = Enumerable.Range(0, 40).Select(i => new DateTime(2024, 1, 1).AddDays(i).ToString("yyyy-MM-dd")).ToArray();
        var values = Enumerable.Range(0, 40).Select(i => 100.0 + (i % 7) * 10).ToArray();
        var forecasts = Enumerable.Range(34, 5).SelectMany(o => new[] { new ForecastPoint(times[o], 1, times[o + 1], values[o + 1], values[o + 1] + 2) }).ToList();
        var evaluation = new ForecastEvaluation(new ForecastScores(2, 2, 1.5, 0.2, 5), new ForecastScores(30, 35, 20, 3, 5), new ForecastScores(8, 9, 5, 0.9, 5),
            7, true, 2, times, values, 28, 34, forecasts, [150, 160]);

        var view = Render<ForecastView>(p => p.Add(c => c.Evaluation, evaluation).Add(c => c.Target, "visits"));

        var chart = view.Find("svg[role=img]");
        Assert.StartsWith("Line chart of visits from 2024-01-01 to 2024-02-09", chart.GetAttribute("aria-label"));
        Assert.Contains("2024-02-04", chart.GetAttribute("aria-label")); // where the test part starts
        Assert.Equal(3, chart.QuerySelectorAll("polyline").Length);     // a run from before Auto: actual, one step ahead, after the data
        Assert.Contains(chart.QuerySelectorAll("circle title"), t => t.TextContent == "visits (actual): 2024-02-09 → 140"); // hover shows a point's values
        Assert.Contains(view.FindAll("caption"), c => c.TextContent == "Forecast for the 2 steps after the data");
        Assert.Equal(["+1", "+2"], view.FindAll("tbody tr td:first-child").Take(2).Select(td => td.TextContent));
        Assert.Contains("A season of 7 steps was found", view.Markup);
    }

    [Fact]
    public void An_auto_forecast_shows_its_dates_intervals_the_candidates_compared_and_warns_when_it_lost_to_the_baseline()
    {
        var times = Enumerable.Range(0, 48).Select(i => $"{2020 + i / 12}-{i % 12 + 1:00}").ToArray();
        var values = Enumerable.Range(0, 48).Select(i => 100.0 + (i % 12) * 10).ToArray();
        var forecasts = Enumerable.Range(45, 3).Select(t => new ForecastPoint(times[44], t - 44, times[t], values[t], values[t] + 40)).ToList();
        var scales = new[] { 5.0, 6, 7 };
        var candidates = new List<ForecastCandidate>
        {
            new("seasonalNaive", 3, 0.3, false), new("ets.additiveSeason", 2, 0.2, false), new("network", 4, 0.4, false),
            new("ensemble", 2.5, 0.25, true) { Members = ["ets.additiveSeason", "seasonalNaive", "network"] },
        };
        var evaluation = new ForecastEvaluation(new ForecastScores(40, 40, 20, 4, 3), new ForecastScores(30, 35, 20, 3, 3), new ForecastScores(8, 9, 5, 0.9, 3),
            12, true, 3, times, values, 30, 45, forecasts, [150, 160, 170])
        {
            Choice = "ensemble", Candidates = candidates, NextTimes = ["2024-01", "2024-02", "2024-03"], Frequency = Portal.Training.Forecasting.TimeFrequency.Monthly,
            NextIntervals = ForecastBand.Around([150, 160, 170], scales), TestIntervals = ForecastBand.Around(forecasts.Select(f => f.Predicted).ToList(), scales),
        };

        var view = Render<ForecastView>(p => p.Add(c => c.Evaluation, evaluation).Add(c => c.Target, "visits"));

        Assert.Equal(4, view.Find("figure.concordia-chart svg").QuerySelectorAll("polyline").Length); // actual, forecast, 95% lower and upper edges
        var next = view.Find("[data-testid=next-forecast]");
        Assert.Equal(["2024-01", "150", "143.592 – 156.408", "140.2 – 159.8"], next.QuerySelectorAll("tbody tr")[0].QuerySelectorAll("td").Select(td => td.TextContent.Trim()));
        var rows = view.Find("[data-testid=forecast-candidates]").QuerySelectorAll("tbody tr");
        Assert.Equal("Holt-Winters, additive season", rows[0].QuerySelector("th")!.TextContent);
        Assert.Contains("✓ chosen", rows[1].TextContent);
        Assert.StartsWith("Mean of the three best: Holt-Winters, additive season; Repeat the last season", rows[1].QuerySelector("th")!.TextContent);
        Assert.Contains("The mean of the three best was kept", view.Markup);
        Assert.Contains("did worse than Repeating the value one season (12 steps) earlier", view.Find("[data-testid=forecast-worse]").TextContent);
        Assert.Contains("Monthly data; a season of 12 steps", view.Markup);
    }
}
