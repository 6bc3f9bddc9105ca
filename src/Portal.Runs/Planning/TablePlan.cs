using System.Text.RegularExpressions;
using Portal.Training.Packaging;
using Portal.Training.Trainers;

namespace Portal.Runs.Planning;

/// <summary>
/// Regression and classification on a table: the target from the last column's type, all usable columns except
/// identifiers and the target as features, settings sized to the row count.
/// </summary>
public sealed partial class TablePlan : TaskPlan<TabularSpecification>
{
    public override IReadOnlyList<RunTask> Tasks { get; } = [RunTask.Regression, RunTask.Classification];

    public override TaskScorer Scorer { get; } = new TableScorer();

    protected override RunTask TaskOf(TabularSpecification specification) =>
        specification.Task == TrainingTask.Regression ? RunTask.Regression : RunTask.Classification;

    /// <summary>Any table: a CSV or TSV of any kind except a tagged corpus (JSON Lines texts have no table to learn from).</summary>
    public override IReadOnlyList<RunTask> TasksFor(Dataset dataset) => IsTable(dataset) ? Tasks : [];

    internal static bool IsTable(Dataset dataset) =>
        dataset.Kind != DatasetKind.TaggedCorpus && !DatasetQueryService.IsJsonLines(dataset) && DatasetQueryService.Profile(
            dataset) is not null;

    public override TrainingSpecification? Propose(Dataset dataset, RunTask task, string? target) =>
        Propose(dataset, target, task == RunTask.Regression ? TrainingTask.Regression : TrainingTask.Classification)?.Specification;

    /// <summary>The proposal with the columns the new-run page offers; the task is suggested from the target when not given.</summary>
    public static RunProposal? Propose(Dataset dataset, string? target, TrainingTask? task)
    {
        if (DatasetQueryService.Profile(dataset) is not { } profile || profile.Columns.Count < 2)
        {
            return null;
        }

        var columns = profile.Columns
            .Select(c => new ColumnChoice(c.Name, c.Type, c.Distinct, IsIdentifier(c, profile.Rows)))
            .ToList();
        var targetColumn = profile.Columns.FirstOrDefault(c => c.Name == target)
            ?? profile.Columns.Last(c => !IsIdentifier(c, profile.Rows) || c == profile.Columns[0]);
        var chosenTask = task ?? SuggestTask(targetColumn);
        var features = columns
            .Where(c => c.Name != targetColumn.Name && !c.IsIdentifier && c.Type != "empty")
            .Select(c => c.Name)
            .ToList();
        var spec = TabularDefaults.Propose(profile.Rows, chosenTask, targetColumn.Name) with { Features = features };
        return new RunProposal(dataset.Id, dataset.Name, columns, spec, profile.Rows);
    }

    /// <summary>Numbers with many values are predicted as numbers; categories, yes/no and numbers with few values as classes.</summary>
    public static TrainingTask SuggestTask(ColumnProfile target) =>
        target.Type is "number" || (target.Type is "integer" && target.Distinct > 10)
            ? TrainingTask.Regression
            : TrainingTask.Classification;

    /// <summary>A column whose every value is different and whose name or type says it labels rows (e.g. respondent_id), or a row
    /// number (1, 2, 3…).</summary>
    public static bool IsIdentifier(ColumnProfile column, long rows) =>
        rows > 1 && column.Distinct >= rows - column.Missing && !column.DistinctIsLowerBound
            ? column.Type is "text" or "category" || IdentifierName().IsMatch(column.Name) || RunPlanner.IsIndexLike(column, rows)
            : column.DistinctIsLowerBound && column.Type is "text" && IdentifierName().IsMatch(column.Name);

    protected override IReadOnlyList<RunProblem> Validate(Dataset dataset, TabularSpecification spec)
    {
        var problems = SpecificationValidator.ValidateSettings(spec).Select(RunProblem.From).ToList();
        if (DatasetQueryService.Profile(dataset) is not { } profile)
        {
            problems.Add(new RunProblem("Dataset", "Dataset.NotTable", "Runs train on tables; this dataset is not a table."));
            return problems;
        }

        var byName = profile.Columns.ToDictionary(c => c.Name, StringComparer.Ordinal);
        if (!byName.TryGetValue(spec.Target, out var target))
        {
            problems.Add(
                new RunProblem("Target", "Target.Missing", $"The target column '{spec.Target}' is not in the dataset.", spec.Target));
            return problems;
        }

        ValidateColumns(spec, byName, problems);
        ValidateTarget(spec, profile, target, problems);
        return problems;
    }

    private static void ValidateColumns(TabularSpecification spec, Dictionary<string, ColumnProfile> byName, List<RunProblem> problems)
    {
        foreach (var feature in spec.Features ?? [])
        {
            if (!byName.ContainsKey(feature))
            {
                problems.Add(
                    new RunProblem("Features", "Feature.Missing", $"The feature column '{feature}' is not in the dataset.", feature));
            }
            else if (feature == spec.Target)
            {
                problems.Add(
                    new RunProblem("Features", "Feature.IsTarget", $"The target column '{feature}' cannot also be a feature.", feature));
            }
        }

        if (spec.Features is { Count: 0 })
        {
            problems.Add(new RunProblem("Features", "Features.None", "Choose at least one feature column."));
        }

        if (spec.GroupingColumn is { Length: > 0 } grouping && !byName.ContainsKey(grouping))
        {
            problems.Add(
                new RunProblem("GroupingColumn", "Grouping.Missing", $"The grouping column '{grouping}' is not in the dataset.", grouping));
        }
    }

    private static void ValidateTarget(TabularSpecification spec, TableProfile profile, ColumnProfile target, List<RunProblem> problems)
    {
        var present = profile.Rows - target.Missing;
        if (present == 0)
        {
            problems.Add(new RunProblem("Target", "Target.AllMissing", $"The target column '{spec.Target}' has no values.", spec.Target));
        }
        else if (spec.Task == TrainingTask.Regression && target.Type is not ("number" or "integer"))
        {
            problems.Add(new RunProblem("Target", "Target.NotNumeric",
                $"The target column '{spec.Target}' has values that are not numbers; choose classification or another column.",
                    spec.Target));
        }
        else if (target.Distinct < 2)
        {
            problems.Add(new RunProblem("Target", spec.Task == TrainingTask.Regression ? "Target.Constant" : "Target.OneClass",
                $"The target column '{spec.Target}' has fewer than two different values; there is nothing to predict.", spec.Target));
        }
        else if (present < RunPlanner.MinimumRows)
        {
            problems.Add(new RunProblem("Target", "Data.TooFewRows",
                $"There are only {present} rows with a target; at least {RunPlanner.MinimumRows} are needed to train and test.", present));
        }
        else
        {
            var trainingRows = (long)(present * (1 - spec.Split.ValidationFraction - spec.Split.TestFraction));
            if (spec.Hyperparameters.BatchSize > Math.Max(1, trainingRows))
            {
                problems.Add(new RunProblem("BatchSize", "BatchSize.TooLarge",
                    $"BatchSize ({spec.Hyperparameters.BatchSize}) is larger than the {trainingRows} training rows.",
                    spec.Hyperparameters.BatchSize, trainingRows));
            }
        }
    }

    protected override IReadOnlyList<TaskSetting> Settings(TabularSpecification spec) =>
        spec.GroupingColumn is { Length: > 0 } g ? [new("Grouping", g)] : [];

    protected override TrainedRun Train(Run run, TabularSpecification spec, RunData data, TrainingOptions options, CancellationToken stop)
    {
        var table = data.Table();
        var result = TabularTrainer.Train(spec, table, options, stop);
        return new TrainedRun(
            RunEvaluation.From(spec, result, table),
            RunEvaluation.Summarise(run.Task, result),
            (zip, at) => TabularModelPackage.Write(zip, spec, result, at));
    }

    [GeneratedRegex(@"(^id$|_id$|^id_|Id$|编号|代码|^code$)", RegexOptions.IgnoreCase)]
    private static partial Regex IdentifierName();
}
