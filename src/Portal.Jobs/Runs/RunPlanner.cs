using System.Text.RegularExpressions;
using Portal.Core.Features.Datasets;
using Portal.Training.Specification;

namespace Portal.Jobs.Runs;

/// <summary>
/// Proposes a run from a dataset's profile, without reading the file: the task from the last column's type, all
/// usable columns except identifiers and the target as features, and settings sized to the row count. Checks a
/// specification against the profile so most mistakes are refused at submit rather than on a worker.
/// </summary>
public static partial class RunPlanner
{
    public const int MinimumRows = 20;

    public static RunProposal? Propose(Dataset dataset, string? target = null, TrainingTask? task = null)
    {
        if (DatasetQueryService.Profile(dataset) is not { } profile || profile.Columns.Count < 2)
        {
            return null;
        }

        var columns = profile.Columns.Select(c => new ColumnChoice(c.Name, c.Type, c.Distinct, IsIdentifier(c, profile.Rows))).ToList();
        var targetColumn = profile.Columns.FirstOrDefault(c => c.Name == target) ?? profile.Columns.Last(c => !IsIdentifier(c, profile.Rows) || c == profile.Columns[0]);
        var chosenTask = task ?? SuggestTask(targetColumn);
        var features = columns.Where(c => c.Name != targetColumn.Name && !c.IsIdentifier && c.Type != "empty").Select(c => c.Name).ToList();
        var spec = TabularDefaults.Propose(profile.Rows, chosenTask, targetColumn.Name) with { Features = features };
        return new RunProposal(dataset.Id, dataset.Name, columns, spec, profile.Rows);
    }

    /// <summary>Numbers with many values are predicted as numbers; categories, yes/no and numbers with few values as classes.</summary>
    public static TrainingTask SuggestTask(ColumnProfile target) =>
        target.Type is "number" || (target.Type is "integer" && target.Distinct > 10) ? TrainingTask.Regression : TrainingTask.Classification;

    /// <summary>A column whose every value is different and whose name or type says it labels rows (e.g. respondent_id).</summary>
    public static bool IsIdentifier(ColumnProfile column, long rows) =>
        rows > 1 && column.Distinct >= rows - column.Missing && !column.DistinctIsLowerBound
            ? column.Type is "text" or "category" || IdentifierName().IsMatch(column.Name)
            : column.DistinctIsLowerBound && column.Type is "text" && IdentifierName().IsMatch(column.Name);

    /// <summary>Any task's request: tables here, the other tasks in <see cref="TaskPlanner"/>.</summary>
    public static IReadOnlyList<RunProblem> Validate(Dataset dataset, RunRequest request)
    {
        if (request.SpecificationCount != 1)
        {
            return [new RunProblem("Task", "Task.OneSpecification", "Give exactly one task's settings.")];
        }

        if (request.Specification is { } tabular)
        {
            return Validate(dataset, tabular);
        }

        if (dataset.Status != DatasetStatus.Ready)
        {
            return [new RunProblem("DatasetId", "Dataset.NotReady", "This dataset is still being checked, or its check failed.")];
        }

        var problems = TaskPlanner.Validate(dataset, request).ToList();
        if (dataset.ArchivedAt is not null)
        {
            problems.Add(new RunProblem("DatasetId", "Dataset.Archived", "This dataset is archived; restore it before starting new runs on it."));
        }

        return problems;
    }

    /// <summary>Settings problems plus what the profile can tell about the columns; the worker repeats the full check on the data.</summary>
    public static IReadOnlyList<RunProblem> Validate(Dataset dataset, TabularSpecification spec)
    {
        var problems = SpecificationValidator.ValidateSettings(spec).Select(RunProblem.From).ToList();
        if (dataset.Status != DatasetStatus.Ready)
        {
            problems.Add(new RunProblem("DatasetId", "Dataset.NotReady", "This dataset is still being checked, or its check failed."));
            return problems;
        }

        if (dataset.ArchivedAt is not null)
        {
            problems.Add(new RunProblem("DatasetId", "Dataset.Archived", "This dataset is archived; restore it before starting new runs on it."));
        }

        if (DatasetQueryService.Profile(dataset) is not { } profile)
        {
            problems.Add(new RunProblem("Dataset", "Dataset.NotTable", "Runs train on tables; this dataset is not a table."));
            return problems;
        }

        var byName = profile.Columns.ToDictionary(c => c.Name, StringComparer.Ordinal);
        if (!byName.TryGetValue(spec.Target, out var target))
        {
            problems.Add(new RunProblem("Target", "Target.Missing", $"The target column '{spec.Target}' is not in the dataset.", spec.Target));
            return problems;
        }

        foreach (var feature in spec.Features ?? [])
        {
            if (!byName.ContainsKey(feature))
            {
                problems.Add(new RunProblem("Features", "Feature.Missing", $"The feature column '{feature}' is not in the dataset.", feature));
            }
            else if (feature == spec.Target)
            {
                problems.Add(new RunProblem("Features", "Feature.IsTarget", $"The target column '{feature}' cannot also be a feature.", feature));
            }
        }

        if (spec.Features is { Count: 0 })
        {
            problems.Add(new RunProblem("Features", "Features.None", "Choose at least one feature column."));
        }

        if (spec.GroupingColumn is { Length: > 0 } grouping && !byName.ContainsKey(grouping))
        {
            problems.Add(new RunProblem("GroupingColumn", "Grouping.Missing", $"The grouping column '{grouping}' is not in the dataset.", grouping));
        }

        var present = profile.Rows - target.Missing;
        if (present == 0)
        {
            problems.Add(new RunProblem("Target", "Target.AllMissing", $"The target column '{spec.Target}' has no values.", spec.Target));
        }
        else if (spec.Task == TrainingTask.Regression && target.Type is not ("number" or "integer"))
        {
            problems.Add(new RunProblem("Target", "Target.NotNumeric", $"The target column '{spec.Target}' has values that are not numbers; choose classification or another column.", spec.Target));
        }
        else if (target.Distinct < 2)
        {
            problems.Add(new RunProblem("Target", spec.Task == TrainingTask.Regression ? "Target.Constant" : "Target.OneClass",
                $"The target column '{spec.Target}' has fewer than two different values; there is nothing to predict.", spec.Target));
        }
        else if (present < MinimumRows)
        {
            problems.Add(new RunProblem("Target", "Data.TooFewRows", $"There are only {present} rows with a target; at least {MinimumRows} are needed to train and test.", present));
        }
        else
        {
            var trainingRows = (long)(present * (1 - spec.Split.ValidationFraction - spec.Split.TestFraction));
            if (spec.Hyperparameters.BatchSize > Math.Max(1, trainingRows))
            {
                problems.Add(new RunProblem("BatchSize", "BatchSize.TooLarge", $"BatchSize ({spec.Hyperparameters.BatchSize}) is larger than the {trainingRows} training rows.", spec.Hyperparameters.BatchSize, trainingRows));
            }
        }

        return problems;
    }

    /// <summary>A rough compute time: rows × epochs over the configured throughput, twice for Auto (two models are trained).</summary>
    public static TimeSpan Estimate(long rows, TabularSpecification spec, double rowsPerSecond)
    {
        var trainingRows = rows * (1 - spec.Split.ValidationFraction - spec.Split.TestFraction);
        var models = spec.Model == ModelFamily.Auto ? 2 : 1;
        var widthFactor = spec.Model == ModelFamily.Linear ? 0.5 : Math.Max(1, spec.Hyperparameters.HiddenWidth * spec.Hyperparameters.HiddenLayers / 128.0);
        return TimeSpan.FromSeconds(2 + models * trainingRows * spec.Hyperparameters.Epochs * widthFactor / rowsPerSecond);
    }

    [GeneratedRegex(@"(^id$|_id$|^id_|Id$|编号|代码|^code$)", RegexOptions.IgnoreCase)]
    private static partial Regex IdentifierName();
}
