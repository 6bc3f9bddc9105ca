using Portal.Training.Forecasting;
using Portal.Training.Packaging;
using Portal.Training.Trainers;

namespace Portal.Runs.Planning;

/// <summary>Forecasting a number column over a date column, some steps ahead.</summary>
public sealed class ForecastPlan : TaskPlan<ForecastSpecification>
{
    public override IReadOnlyList<RunTask> Tasks { get; } = [RunTask.Forecasting];

    public override TaskScorer Scorer { get; } = new ForecastScorer();

    protected override RunTask TaskOf(ForecastSpecification specification) => RunTask.Forecasting;

    /// <summary>A table with a date column and a number column.</summary>
    public override IReadOnlyList<RunTask> TasksFor(Dataset dataset) =>
        TablePlan.IsTable(dataset) && DatasetQueryService.Profile(dataset) is { } profile
        && RunPlanner.TimeColumns(profile).Count > 0 && RunPlanner.NumberColumns(profile).Count > 0 ? Tasks : [];

    /// <summary>A series rather than a table of records: a time column whose values are all different and present, beside a number
    /// column. Forecasting is then the suggested task (regression stays on offer).</summary>
    public static bool IsSeries(Dataset dataset)
    {
        if (!TablePlan.IsTable(dataset) || DatasetQueryService.Profile(dataset) is not { } profile
            || RunPlanner.NumberColumns(profile).Count == 0)
        {
            return false;
        }

        // Once, not per column: with 10,000 columns the per-column lookup made the datasets list take minutes.
        var times = RunPlanner.TimeColumns(profile).ToHashSet(StringComparer.Ordinal);
        return profile.Columns.Any(c => times.Contains(c.Name) && c.Missing == 0 && c.Distinct == profile.Rows && !c.DistinctIsLowerBound);
    }

    /// <summary>The first time column as time, the first number column (or the chosen target) to forecast, up to a week ahead;
    /// shorter when the series would leave too little history.</summary>
    public override TrainingSpecification? Propose(Dataset dataset, RunTask task, string? target)
    {
        if (DatasetQueryService.Profile(dataset) is not { } profile || RunPlanner.TimeColumns(profile) is not [var time, ..])
        {
            return null;
        }

        var numbers = RunPlanner.NumberColumns(profile);
        var numberSet = numbers.ToHashSet(StringComparer.Ordinal);
        var outcomes = profile.Columns.Where(c => numberSet.Contains(c.Name) && !RunPlanner.IsIndexLike(c, profile.Rows))
            .Select(c => c.Name);
        var chosen = target is not null && numbers.Contains(target) ? target : outcomes.FirstOrDefault() ?? numbers.FirstOrDefault();
        if (chosen is null)
        {
            return null;
        }

        var horizon = (int)Math.Clamp(profile.Rows / 40, 1, 7);
        while (horizon > 1 && ForecastSeries.Split((int)profile.Rows, horizon, 1) is null)
        {
            horizon--;
        }

        return new ForecastSpecification { Target = chosen, TimeColumn = time, Horizon = horizon };
    }

    protected override IReadOnlyList<RunProblem> Validate(Dataset dataset, ForecastSpecification forecast)
    {
        var problems = SpecificationValidator
            .ValidateSettings(forecast.Hyperparameters, 0.15, 0.15) // the split is by time (ForecastSeries.Split), not by fractions
            .Select(RunProblem.From)
            .ToList();
        var profile = DatasetQueryService.Profile(dataset)!;
        var byName = profile.Columns.ToDictionary(c => c.Name, StringComparer.Ordinal);
        if (!RunPlanner.TimeColumns(profile).Contains(forecast.TimeColumn))
        {
            problems.Add(new RunProblem("TimeColumn", "Time.NotDates",
                $"'{forecast.TimeColumn}' is not a column of times (dates, years, 2024-03, 2024Q1, 2024年3月…).", forecast.TimeColumn));
        }

        if (!byName.TryGetValue(forecast.Target, out var target) || target.Type is not ("number" or "integer"))
        {
            problems.Add(new RunProblem("Target", "Target.NotNumeric",
                $"The target column '{forecast.Target}' has values that are not numbers; choose classification or another column.",
                    forecast.Target));
        }

        foreach (
            var covariate in forecast.Covariates.Where(
                c => !byName.TryGetValue(c, out var column) || column.Type is not ("number" or "integer")))
        {
            problems.Add(
                new RunProblem("Covariates", "Feature.Missing", $"The feature column '{covariate}' is not in the dataset.", covariate));
        }

        RunPlanner.Range(problems, forecast.Horizon is >= 1 and <= 365, "Horizon", "between 1 and 365");
        RunPlanner.Range(problems, forecast.Season is null or (>= 1 and <= 400), "Season", "between 1 and 400");
        if (ForecastChecks.LengthProblem(forecast.Horizon, forecast.Season, (int)profile.Rows) is { } tooShort)
        {
            problems.Add(RunProblem.From(tooShort));
        }

        return problems;
    }

    protected override IReadOnlyList<TaskSetting> Settings(ForecastSpecification f) =>
    [
        new("Horizon", RunPlanner.Number(f.Horizon)),
        new("Season", f.Season is { } s ? RunPlanner.Number(s) : "auto"),
        new("Window", f.Window is { } w ? RunPlanner.Number(w) : "auto"),
    ];

    protected override TrainedRun Train(Run run, ForecastSpecification spec, RunData data, TrainingOptions options, CancellationToken stop)
    {
        var table = data.Table();
        var result = ForecastTrainer.Train(spec, table, options, stop);
        var series = ForecastSeries.Prepare(spec, table, result.State);
        return new TrainedRun(
            TaskEvaluations.Forecast(spec, result, series),
            TaskEvaluations.ForecastSummary(spec, result, series),
            (zip, at) => ForecastModelPackage.Write(zip, spec, result, at));
    }
}
