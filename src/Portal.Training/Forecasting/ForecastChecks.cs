using Portal.Training.Data;
using Portal.Training.Specification;

namespace Portal.Training.Forecasting;

/// <summary>What makes a forecast impossible before anything is trained: missing or constant columns, a time column that is not
/// one frequency of distinct times, a horizon or season that leaves too little history (<see cref="ForecastSeries.Split"/>).</summary>
public static class ForecastChecks
{
    public static IReadOnlyList<SettingProblem> Validate(ForecastSpecification spec, TabularData data)
    {
        var problems = new List<SettingProblem>();
        foreach (
            var (setting, column) in new[] { ("Target", spec.Target), ("TimeColumn", spec.TimeColumn) }.Concat(
                spec.Covariates.Select(c => ("Covariates", c))))
        {
            if (!data.HasColumn(column))
            {
                problems.Add(new SettingProblem(setting, "Column.Missing", $"The column '{column}' is not in the dataset.", column));
            }
        }

        if (problems.Count > 0)
        {
            return problems;
        }

        var values = data.Column(spec.Target).Select(TabularData.ParseNumber).ToList();
        var present = values.Count(v => v is not null);
        if (present < values.Count(v => v is null) || present == 0)
        {
            problems.Add(
                new SettingProblem(
                    "Target", "Target.NotNumeric", $"The target column '{spec.Target}' needs numbers in most rows.", spec.Target));
        }
        else if (values.Where(v => v is not null).Distinct().Count() < 2)
        {
            problems.Add(
                new SettingProblem(
                    "Target", "Target.Constant",
                        $"The target column '{spec.Target}' has the same value in every row; there is nothing to forecast.", spec.Target));
        }

        var (timeProblems, reading) = TimeProblems(spec, data);
        problems.AddRange(timeProblems);
        if (reading.Axis is null)
        {
            return problems;
        }

        problems.AddRange(HorizonProblems(spec, reading));
        return problems;
    }

    /// <summary>What is wrong with the time column: not times, mixed forms or frequencies, or a time repeated.</summary>
    public static (IReadOnlyList<SettingProblem> Problems, TimeAxis.Reading Reading) TimeProblems(
        ForecastSpecification spec, TabularData data)
    {
        var reading = TimeAxis.Read(data.Column(spec.TimeColumn));
        if (reading.Axis is null)
        {
            return ([new SettingProblem("TimeColumn", reading.ProblemCode!, $"Time column '{spec.TimeColumn}': {reading.Problem}",
                spec.TimeColumn, reading.Problem!)], reading);
        }

        var repeated = reading.Periods.Select((p, r) => (p, r)).Where(x => x.p is not null).GroupBy(x => x.p)
            .FirstOrDefault(g => g.Count() > 1);
        if (repeated is null)
        {
            return ([], reading);
        }

        var time = data.Column(spec.TimeColumn)[repeated.First().r]!.Trim();
        return ([new SettingProblem("TimeColumn", "Time.Duplicates",
            $"The time column '{spec.TimeColumn}' repeats some times (first '{time}'); each time must appear once.", spec.TimeColumn,
                time)], reading);
    }

    private static IEnumerable<SettingProblem> HorizonProblems(ForecastSpecification spec, TimeAxis.Reading reading)
    {
        var periods = reading.Periods.Where(p => p is not null).Select(p => p!.Value).ToList();
        var n = periods.Count == 0 ? 0 : (int)(periods.Max() - periods.Min() + 1);
        if (spec.Horizon < 1)
        {
            yield return new SettingProblem("Horizon", "Setting.OutOfRange", "Horizon must be at least 1.", "at least 1");
            yield break;
        }

        if (spec.Season is < 1)
        {
            yield return new SettingProblem("Season", "Setting.OutOfRange", "Season must be at least 1.", "at least 1");
            yield break;
        }

        if (LengthProblem(spec.Horizon, spec.Season, n) is { } problem)
        {
            yield return problem;
        }
    }

    /// <summary>A horizon, or a given season, that leaves too little history in a series of <paramref name="n"/> points; null when
    /// it fits. Shared by the check at submit (from the profile's row count) and the one before training.</summary>
    public static SettingProblem? LengthProblem(int horizon, int? season, int n)
    {
        if (horizon < 1 || ForecastSeries.Split(n, horizon, season ?? 1) is not null)
        {
            return null;
        }

        if (season is > 1 && ForecastSeries.Split(n, horizon, 1) is not null)
        {
            var history = ForecastSeries.MinimumHistory(season.Value);
            return new SettingProblem("Season", "Season.TooLong",
                $"A season of {season} needs two seasons of history ({history} points) and one point to validate on before the last " +
                $"{horizon} (the test part); the series has {n}.", season.Value, history, horizon, n);
        }

        var needed = ForecastSeries.MinimumHistory(1) + 1;
        return new SettingProblem("Horizon", "Horizon.TooLong",
            $"Horizon {horizon} is too long for a series of {n} points: the last {horizon} are kept for testing, and at least " +
            $"{needed} must remain before them to fit and choose the model.", horizon, n, needed);
    }
}
