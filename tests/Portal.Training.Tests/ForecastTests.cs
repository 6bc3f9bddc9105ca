using System.Globalization;
using System.Text;
using Portal.Training.Forecasting;
using Portal.Training.Metrics;
using Portal.Training.Specification;
using Portal.Training.Trainers;

namespace Portal.Training.Tests;

public class ForecastTests
{
    /// <summary>Daily infections: a weekly reporting pattern on a rising trend, with noise and a few unreported days.</summary>
    private static Portal.Training.Data.TabularData WeeklySeries(int days, int seed = 31)
    {
        var random = new Random(seed);
        var text = new StringBuilder("date,cases,temperature\n");
        var start = new DateTime(2024, 1, 1);
        for (var d = 0; d < days; d++)
        {
            var weekly = new[] { 0.0, 12, 18, 15, 10, -20, -35 }[d % 7];
            var value = 100 + 0.4 * d + weekly + 3 * (random.NextDouble() - 0.5);
            var cases = d % 97 == 40 ? "" : value.ToString("0.0", CultureInfo.InvariantCulture);
            text.Append(CultureInfo.InvariantCulture, $"{start.AddDays(d):yyyy-MM-dd},{cases},{10 + 8 * Math.Sin(d / 58.0):0.0}\n");
        }

        return SyntheticTables.FromText(text.ToString());
    }

    [Fact]
    public void A_seasonal_series_is_forecast_better_than_the_seasonal_naive_baseline()
    {
        var data = WeeklySeries(420);
        using var work = new WorkFolder();
        var spec = new ForecastSpecification { Target = "cases", TimeColumn = "date", Horizon = 7 };

        var result = ForecastTrainer.Train(spec, data, new TrainingOptions { WorkFolder = work.Path });

        Assert.True(result.SeasonDetected);
        Assert.Equal(7, result.Season);
        Assert.True(result.Scores.Mae < result.SeasonalNaiveBaseline.Mae, $"model MAE {result.Scores.Mae:F2} vs seasonal-naive {result.SeasonalNaiveBaseline.Mae:F2}");
        Assert.True(result.Scores.Mae < result.NaiveBaseline.Mae / 2);
        Assert.True(result.Scores.Mase < 1);
        Assert.Equal(4, result.FilledGaps); // days 40, 137, 234 and 331 were not reported
        Assert.Equal(7, result.NextForecast.Count);
        Assert.All(result.TestForecasts, p => Assert.True(string.CompareOrdinal(p.Time, p.Origin) > 0));
    }

    [Theory]
    [InlineData(ForecastModel.Gru)]
    [InlineData(ForecastModel.Lstm)]
    public void Recurrent_models_learn_the_series_too(ForecastModel model)
    {
        var data = WeeklySeries(300, seed: 32);
        using var work = new WorkFolder();
        var spec = new ForecastSpecification
        {
            Target = "cases", TimeColumn = "date", Horizon = 3, Model = model, Covariates = ["temperature"],
            Hyperparameters = new Hyperparameters { Epochs = 60, BatchSize = 16, LearningRate = 0.01, HiddenWidth = 32, Dropout = 0, Patience = 60 },
        };

        var result = ForecastTrainer.Train(spec, data, new TrainingOptions { WorkFolder = work.Path });

        Assert.True(result.Scores.Mae < result.NaiveBaseline.Mae, $"{model} MAE {result.Scores.Mae:F2} vs naive {result.NaiveBaseline.Mae:F2}");
    }

    [Fact]
    public void A_horizon_longer_than_the_series_allows_is_refused_naming_the_setting()
    {
        var data = WeeklySeries(60);
        using var work = new WorkFolder();

        var error = Assert.Throws<InvalidSpecificationException>(() =>
            ForecastTrainer.Train(new ForecastSpecification { Target = "cases", TimeColumn = "date", Horizon = 30 }, data, new TrainingOptions { WorkFolder = work.Path }));

        var problem = Assert.Single(error.Problems);
        Assert.Equal(("Horizon", "Horizon.TooLong"), (problem.Setting, problem.Code));
        Assert.Contains("60 points", problem.Message);
    }

    [Fact]
    public void Repeated_times_are_refused()
    {
        var data = SyntheticTables.FromText("t,y\n" + string.Concat(Enumerable.Range(0, 100).Select(i => $"{i / 2},{i}\n")));

        var problems = ForecastSeries.Validate(new ForecastSpecification { Target = "y", TimeColumn = "t", Horizon = 2 }, data);

        Assert.Contains(problems, p => p.Code == "Time.Duplicates");
    }

    [Fact]
    public void Season_detection_finds_a_weekly_pattern_and_none_in_noise()
    {
        var weekly = Enumerable.Range(0, 200).Select(d => new[] { 0.0, 5, 9, 4, 2, -8, -12 }[d % 7] + 0.1 * d).ToList();
        var random = new Random(3);
        var noise = Enumerable.Range(0, 200).Select(_ => random.NextDouble()).ToList();

        Assert.Equal(7, SeasonDetector.Detect(weekly));
        Assert.Equal(1, SeasonDetector.Detect(noise));
    }

    [Fact]
    public void Forecast_metrics_match_hand_computed_values()
    {
        var scores = ForecastMetrics.Score([100.0, 200.0], [110.0, 180.0], scale: 10);

        Assert.Equal(15, scores.Mae, 12);
        Assert.Equal(Math.Sqrt((100 + 400) / 2.0), scores.Rmse, 12);
        Assert.Equal(100 * (2 * 10 / 210.0 + 2 * 20 / 380.0) / 2, scores.Smape, 12);
        Assert.Equal(1.5, scores.Mase!.Value, 12);
        Assert.Equal(2.0, ForecastMetrics.NaiveScale([1.0, 3, 5, 7], season: 1));
    }
}
