using Portal.Training.Forecasting;
using Portal.Training.Entities;
using Portal.Training.Text;
using Portal.Training.Trainers;
using System.Globalization;

namespace Portal.Runs.Planning;

/// <summary>
/// Proposes and checks runs from a dataset's stored profile, without reading the file, so most mistakes are refused
/// at submit rather than on a worker. What differs per task lives in that task's <see cref="TaskPlan"/>.
/// </summary>
public static class RunPlanner
{
    public const int MinimumRows = 20;

    /// <summary>The tasks a dataset can train, the suggested one first: forecasting for a series (a time column whose values are all
    /// different, beside a number column), else in the order of <see cref="TaskPlans.All"/>.</summary>
    public static IReadOnlyList<RunTask> TasksFor(Dataset dataset)
    {
        var tasks = TaskPlans.All.SelectMany(p => p.TasksFor(dataset)).ToList();
        return ForecastPlan.IsSeries(dataset) ? tasks.OrderBy(t => t == RunTask.Forecasting ? 0 : 1).ToList() : tasks;
    }

    /// <summary>The proposed settings for this task (the suggested task when none is given); null when the dataset cannot train
    /// it.</summary>
    public static TrainingSpecification? Propose(Dataset dataset, RunTask? task = null, string? target = null)
    {
        var tasks = TasksFor(dataset);
        if (tasks.Count == 0 || (task is { } wanted && !tasks.Contains(wanted)))
        {
            return null;
        }

        if (task is null && tasks[0] is RunTask.Regression or RunTask.Classification)
        {
            return TablePlan.Propose(dataset, target, null)?.Specification; // the target's type suggests which of the two
        }

        var chosen = task ?? tasks[0];
        return TaskPlans.For(chosen).Propose(dataset, chosen, target);
    }

    /// <summary>Any task's settings against the dataset: its state, whether it can train the task, then the task's own checks.</summary>
    public static IReadOnlyList<RunProblem> Validate(Dataset dataset, TrainingSpecification specification)
    {
        if (dataset.Status != DatasetStatus.Ready)
        {
            return [new RunProblem("DatasetId", "Dataset.NotReady", "This dataset is still being checked, or its check failed.")];
        }

        var problems = new List<RunProblem>();
        if (dataset.ArchivedAt is not null)
        {
            problems.Add(
                new RunProblem("DatasetId", "Dataset.Archived", "This dataset is archived; restore it before starting new runs on it."));
        }

        var plan = TaskPlans.For(specification);
        var task = plan.TaskOf(specification);
        if (!TasksFor(dataset).Contains(task))
        {
            problems.Add(new RunProblem("Task", "Task.NotForDataset", $"This dataset cannot train {task}.", task.ToString()));
            return problems;
        }

        problems.AddRange(plan.Validate(dataset, specification));
        return problems;
    }

    /// <summary>The compute time of a text or entity run on a CPU host (<see cref="TrainingEstimate"/>); null for other tasks.</summary>
    public static TimeSpan? Estimate(Dataset dataset, TrainingSpecification spec) => spec switch
    {
        TextSpecification text => TrainingEstimate.Text(text, dataset.RowCount),
        EntitySpecification entities when DatasetQueryService.Corpus(dataset) is { } corpus =>
            TrainingEstimate.Entities(entities, corpus.Tokens),
        _ => null,
    };

    /// <summary>A rough compute time: rows × epochs over the configured throughput; Auto trains both models, on small tables on
    /// each of the cross-validation folds too (<see cref="TabularTrainer"/>).</summary>
    public static TimeSpan Estimate(long rows, TabularSpecification spec, double rowsPerSecond)
    {
        var trainingRows = rows * (1 - spec.Split.ValidationFraction - spec.Split.TestFraction);
        var pool = rows * (1 - spec.Split.TestFraction);
        var rowPasses = spec.Model != ModelFamily.Auto ? trainingRows
            : pool < TabularTrainer.CrossValidationBelow
                ? 2 * TabularTrainer.Folds * pool * (TabularTrainer.Folds - 1) / TabularTrainer.Folds
                + trainingRows
            : 2 * trainingRows;
        var widthFactor = spec.Model == ModelFamily.Linear
            ? 0.5
            : Math.Max(1, spec.Hyperparameters.HiddenWidth * spec.Hyperparameters.HiddenLayers / 128.0);
        return TimeSpan.FromSeconds(2 + rowPasses * spec.Hyperparameters.Epochs * widthFactor / rowsPerSecond);
    }

    /// <summary>Columns of dates; whole years (four-digit integers a step apart, all different); and text such as 2024Q1 or
    /// 2024年3月 (judged on the profile's most frequent values).</summary>
    public static IReadOnlyList<string> TimeColumns(TableProfile profile) =>
        profile.Columns.Where(c => c.Type == "datetime" || IsYears(c, profile.Rows) || IsTextTimes(c)).Select(c => c.Name).ToList();

    /// <summary>Number columns that are not times (a year column is the time of a series, not its value).</summary>
    public static IReadOnlyList<string> NumberColumns(TableProfile profile) =>
        profile.Columns.Where(c => c.Type is "number" or "integer" && !IsYears(c, profile.Rows)).Select(c => c.Name).ToList();

    /// <summary>A row number or identifier: whole numbers, one per row, stepping by one (1, 2, 3…). Never a default target.</summary>
    public static bool IsIndexLike(ColumnProfile c, long rows) =>
        c.Type == "integer" && c is { Missing: 0, Min: { } min, Max: { } max } && c.Distinct == rows && !c.DistinctIsLowerBound
        && max - min + 1 == rows && !IsYears(c, rows);

    private static bool IsYears(ColumnProfile c, long rows) =>
        c.Type == "integer" && c is { Min: >= 1000, Max: <= 2999, Missing: 0 } && c.Distinct == rows && rows >= 3
        && c.Max - c.Min + 1 <= rows * (1 + TimeAxis.MaximumGapShare);

    private static bool IsTextTimes(ColumnProfile c) =>
        c.Type is "text" or "category" && c.TopValues.Count >= 3 && !c.DistinctIsLowerBound && c.TopValues.All(v => v.Count == 1)
        && TimeAxis.LooksLikeTime(c.TopValues.Select(v => (string?)v.Value).ToList());

    internal static void Range(List<RunProblem> problems, bool ok, string setting, string rule)
    {
        if (!ok)
        {
            problems.Add(new RunProblem(setting, "Setting.OutOfRange", $"{setting} must be {rule}.", rule));
        }
    }

    internal static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);
}
