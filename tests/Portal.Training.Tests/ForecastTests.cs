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
        Assert.Equal(data.Column("date").TakeLast(7), result.TestForecasts.Select(p => p.Time)); // the test part is the last H points
        Assert.Equal(["2025-02-24", "2025-02-25"], result.NextTimes.Take(2)); // day 420 after 2024-01-01
        var chosen = Assert.Single(result.Candidates, c => c.Chosen);
        Assert.Equal(ForecastSelection.EnsembleKey, chosen.Key);
        Assert.Equal(3, chosen.Members.Count);
        Assert.Contains(result.Candidates, c => c.Key == "ets.additiveSeason");
        Assert.Contains(result.Candidates, c => c.Key == ForecastSelection.NetworkKey);
    }

    [Fact]
    public void A_monthly_series_of_144_points_is_forecast_24_steps_ahead_with_intervals_and_monthly_dates()
    {
        // Multiplicative season on a growing level, as in airline passengers.
        var random = new Random(5);
        var text = new StringBuilder("month,passengers\n");
        for (var t = 0; t < 144; t++)
        {
            var value = (120 + 2.2 * t) * (1 + 0.25 * Math.Sin(2 * Math.PI * (t % 12) / 12)) * (1 + 0.03 * (random.NextDouble() - 0.5));
            text.Append(CultureInfo.InvariantCulture, $"{1949 + t / 12}年{t % 12 + 1}月,{value:0.0}\n");
        }

        using var work = new WorkFolder();
        var spec = new ForecastSpecification { Target = "passengers", TimeColumn = "month", Horizon = 24 };

        var result = ForecastTrainer.Train(spec, SyntheticTables.FromText(text.ToString()), new TrainingOptions { WorkFolder = work.Path });

        Assert.Equal(TimeFrequency.Monthly, result.Frequency);
        Assert.Equal(12, result.Season);
        Assert.Equal(24, result.TestForecasts.Count);
        Assert.Equal("1959年1月", result.TestForecasts[0].Time);
        Assert.Equal(["1961年1月", "1961年2月"], result.NextTimes.Take(2));
        Assert.True(result.Scores.Mase < result.SeasonalNaiveBaseline.Mase / 2, $"MASE {result.Scores.Mase:F2} vs {result.SeasonalNaiveBaseline.Mase:F2} " + string.Join("; ", result.Candidates.Select(c => $"{c.Key} {c.ValidationMase:F2}")));
        var (eighty, ninetyFive) = (result.NextIntervals.Single(b => b.Level == 80), result.NextIntervals.Single(b => b.Level == 95));
        for (var s = 0; s < 24; s++)
        {
            Assert.InRange(result.NextForecast[s], eighty.Lower[s], eighty.Upper[s]);
            Assert.True(ninetyFive.Upper[s] - ninetyFive.Lower[s] > eighty.Upper[s] - eighty.Lower[s]);
        }

        var inside = result.TestForecasts.Where((p, s) => p.Actual >= result.TestIntervals[1].Lower[s] && p.Actual <= result.TestIntervals[1].Upper[s]).Count();
        Assert.True(inside >= 18, $"{inside} of 24 test values inside the 95% interval");
    }

    [Fact]
    public void Exponential_smoothing_alone_needs_no_network_and_recovers_a_damped_trend()
    {
        var text = new StringBuilder("year,gdp\n");
        var level = 100.0;
        var trend = 5.0;
        for (var t = 0; t < 60; t++)
        {
            text.Append(CultureInfo.InvariantCulture, $"{1960 + t},{level:0.000}\n");
            trend *= 0.95;
            level += trend;
        }

        using var work = new WorkFolder();
        var spec = new ForecastSpecification { Target = "gdp", TimeColumn = "year", Horizon = 5, Model = ForecastModel.ExponentialSmoothing };

        var result = ForecastTrainer.Train(spec, SyntheticTables.FromText(text.ToString()), new TrainingOptions { WorkFolder = work.Path });

        Assert.Equal(TimeFrequency.Yearly, result.Frequency);
        Assert.Empty(result.History);
        Assert.Equal(string.Empty, result.WeightsFile);
        Assert.DoesNotContain(result.Candidates, c => c.Key is "naive" or ForecastSelection.NetworkKey);
        Assert.Equal("ets.dampedTrend", Assert.Single(result.Candidates, c => c.Chosen).Key);
        Assert.True(result.Scores.Mae < result.NaiveBaseline.Mae / 5, $"MAE {result.Scores.Mae:F3} vs naive {result.NaiveBaseline.Mae:F3}");
        Assert.Equal(["2020", "2021", "2022", "2023", "2024"], result.NextTimes);
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
            ForecastTrainer.Train(new ForecastSpecification { Target = "cases", TimeColumn = "date", Horizon = 55 }, data, new TrainingOptions { WorkFolder = work.Path }));

        var problem = Assert.Single(error.Problems);
        Assert.Equal(("Horizon", "Horizon.TooLong"), (problem.Setting, problem.Code));
        Assert.Contains("60 points", problem.Message);
        Assert.False(Directory.Exists(work.Path) && Directory.EnumerateFileSystemEntries(work.Path).Any()); // nothing trained or written
    }

    [Theory]
    [InlineData(0, null, "Horizon", "Setting.OutOfRange")]
    [InlineData(30, 20, "Season", "Season.TooLong")]
    public void A_horizon_of_zero_and_a_season_longer_than_the_history_allows_are_refused(int horizon, int? season, string setting, string code)
    {
        var problems = ForecastChecks.Validate(new ForecastSpecification { Target = "cases", TimeColumn = "date", Horizon = horizon, Season = season }, WeeklySeries(60));

        var problem = Assert.Single(problems);
        Assert.Equal((setting, code), (problem.Setting, problem.Code));
    }

    [Fact]
    public void A_network_asked_for_on_a_series_too_short_for_its_window_is_refused_with_the_reason()
    {
        using var work = new WorkFolder();
        var spec = new ForecastSpecification { Target = "cases", TimeColumn = "date", Horizon = 14, Model = ForecastModel.LagMlp };

        var error = Assert.Throws<InvalidSpecificationException>(() => ForecastTrainer.Train(spec, WeeklySeries(60), new TrainingOptions { WorkFolder = work.Path }));

        Assert.Equal("Series.TooShortForNetwork", Assert.Single(error.Problems).Code);
        Assert.Contains("too short for the network", error.Message);
    }

    [Fact]
    public void A_constant_target_is_refused_naming_the_column()
    {
        var data = SyntheticTables.FromText("t,y\n" + string.Concat(Enumerable.Range(0, 60).Select(i => $"{2000 + i},5\n")));

        var problem = Assert.Single(ForecastChecks.Validate(new ForecastSpecification { Target = "y", TimeColumn = "t", Horizon = 3 }, data));

        Assert.Equal("Target.Constant", problem.Code);
        Assert.Contains("'y'", problem.Message);
    }

    [Fact]
    public void Repeated_times_are_refused()
    {
        var data = SyntheticTables.FromText("t,y\n" + string.Concat(Enumerable.Range(0, 100).Select(i => $"{i / 2},{i}\n")));

        var problems = ForecastChecks.Validate(new ForecastSpecification { Target = "y", TimeColumn = "t", Horizon = 2 }, data);

        var problem = Assert.Single(problems, p => p.Code == "Time.Duplicates");
        Assert.Contains("first '0'", problem.Message);
    }

    [Theory]
    [InlineData("2020-01-31|2020-02-29|2020-03-31|2020-04-30", TimeFrequency.Monthly, "2020-05-31")]
    [InlineData("2019-12|2020-01|2020-02|2020-03", TimeFrequency.Monthly, "2020-04")]
    [InlineData("2020年1月|2020年2月|2020年3月|2020年4月", TimeFrequency.Monthly, "2020年5月")]
    [InlineData("2023Q3|2023Q4|2024Q1|2024Q2", TimeFrequency.Quarterly, "2024Q3")]
    [InlineData("2023年第3季度|2023年第4季度|2024年第1季度|2024年第2季度", TimeFrequency.Quarterly, "2024年第3季度")]
    [InlineData("2020|2021|2022|2023", TimeFrequency.Yearly, "2024")]
    [InlineData("2020年|2021年|2022年|2023年", TimeFrequency.Yearly, "2024年")]
    [InlineData("2024-01-01|2024-01-08|2024-01-15|2024-01-22", TimeFrequency.Weekly, "2024-01-29")]
    [InlineData("2024-02-27|2024-02-28|2024-02-29|2024-03-01", TimeFrequency.Daily, "2024-03-02")]
    [InlineData("5|10|15|20", TimeFrequency.Steps, "25")]
    public void Time_columns_are_read_at_their_frequency_and_continued_in_their_own_style(string values, TimeFrequency frequency, string next)
    {
        var reading = TimeAxis.Read(values.Split('|'));

        Assert.Null(reading.Problem);
        Assert.Equal(frequency, reading.Axis!.Frequency);
        Assert.Equal(next, reading.Axis.Label(reading.Periods[^1]!.Value + 1));
    }

    [Fact]
    public void Missing_times_are_inserted_and_counted_and_mixed_frequencies_are_refused()
    {
        var gappy = SyntheticTables.FromText("month,v\n" + string.Concat(Enumerable.Range(0, 48).Where(i => i != 10 && i != 30).Select(i => $"{2000 + i / 12}-{i % 12 + 1:00},{i % 12 + i}\n")));
        var series = ForecastSeries.Prepare(new ForecastSpecification { Target = "v", TimeColumn = "month", Horizon = 3 }, gappy);

        Assert.Equal(48, series.Values.Length);
        Assert.Equal(2, series.InsertedTimes);
        Assert.Equal("2000-11", series.Times[10]);
        Assert.Equal(20.0, series.Values[10], 6); // interpolated between 2000-10 (18) and 2000-12 (22)

        var mixed = SyntheticTables.FromText("t,v\n" + string.Concat(Enumerable.Range(0, 30).Select(i => $"{new DateTime(2020, 1, 1).AddMonths(i):yyyy-MM-dd},{i}\n")) + string.Concat(Enumerable.Range(0, 60).Select(i => $"{new DateTime(2023, 1, 1).AddDays(i):yyyy-MM-dd},{i}\n")));
        var problem = Assert.Single(ForecastChecks.Validate(new ForecastSpecification { Target = "v", TimeColumn = "t", Horizon = 3 }, mixed));
        Assert.Equal(("TimeColumn", "Time.MixedFrequency"), (problem.Setting, problem.Code));
        Assert.Contains("mixes frequencies", problem.Message);
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
