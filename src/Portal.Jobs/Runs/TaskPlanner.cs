using Portal.Core.Features.Datasets;
using Portal.Core.Features.Runs;
using Portal.Training.Entities;
using Portal.Training.Forecasting;
using Portal.Training.Specification;
using Portal.Training.Text;

namespace Portal.Jobs.Runs;

/// <summary>
/// Proposes and checks the tasks beyond tables, from the dataset's stored profile: text classification on labelled
/// text, entity recognition on a tagged corpus, forecasting on a table with a date column. The worker repeats the
/// full check on the data (duplicate times, horizon against the real series length, and so on).
/// </summary>
public static class TaskPlanner
{
    /// <summary>The tasks a dataset can train, the suggested one first.</summary>
    public static IReadOnlyList<RunTask> TasksFor(Dataset dataset)
    {
        var tasks = new List<RunTask>();
        if (dataset.Kind == DatasetKind.TaggedCorpus)
        {
            return [RunTask.EntityRecognition];
        }

        if (dataset.Kind == DatasetKind.LabelledText)
        {
            tasks.Add(RunTask.TextClassification);
            if (DatasetQueryService.IsJsonLines(dataset))
            {
                return tasks;
            }
        }

        if (DatasetQueryService.Profile(dataset) is { } profile)
        {
            tasks.Add(RunTask.Regression);
            tasks.Add(RunTask.Classification);
            if (TimeColumns(profile).Count > 0 && NumberColumns(profile).Count > 0)
            {
                tasks.Add(RunTask.Forecasting);
            }
        }

        return tasks;
    }

    public static IReadOnlyList<string> TimeColumns(TableProfile profile) => profile.Columns.Where(c => c.Type == "datetime").Select(c => c.Name).ToList();

    public static IReadOnlyList<string> NumberColumns(TableProfile profile) => profile.Columns.Where(c => c.Type is "number" or "integer").Select(c => c.Name).ToList();

    /// <summary>The text and label columns found at upload (JSON Lines files always use "text" and "label").</summary>
    public static (string Text, string Label) TextColumns(Dataset dataset) =>
        DatasetQueryService.Labelled(dataset) is { } labelled ? (labelled.TextColumn, labelled.LabelColumn) : ("text", "label");

    public static TextSpecification ProposeText(Dataset dataset)
    {
        var (text, label) = TextColumns(dataset);
        return TextDefaults.Propose(dataset.RowCount, text, label);
    }

    public static EntitySpecification ProposeEntities() => new();

    /// <summary>The first date column as time, the first number column (or the chosen target) as what to forecast, a week ahead for daily data.</summary>
    public static ForecastSpecification? ProposeForecast(Dataset dataset, string? target = null)
    {
        if (DatasetQueryService.Profile(dataset) is not { } profile || TimeColumns(profile) is not [var time, ..])
        {
            return null;
        }

        var numbers = NumberColumns(profile);
        var chosen = target is not null && numbers.Contains(target) ? target : numbers.FirstOrDefault();
        if (chosen is null)
        {
            return null;
        }

        var horizon = (int)Math.Clamp(profile.Rows / 40, 1, 7);
        return new ForecastSpecification { Target = chosen, TimeColumn = time, Horizon = horizon };
    }

    public static IReadOnlyList<RunProblem> Validate(Dataset dataset, RunRequest request)
    {
        var problems = new List<RunProblem>();
        var (h, validation, test) = request.Text is { } t ? (t.Hyperparameters, t.Split.ValidationFraction, t.Split.TestFraction)
            : request.Entities is { } e ? (e.Hyperparameters, e.Split.ValidationFraction, e.Split.TestFraction)
            : (request.Forecast!.Hyperparameters, request.Forecast.ValidationFraction, request.Forecast.TestFraction);
        problems.AddRange(SpecificationValidator.ValidateSettings(h, validation, test).Select(RunProblem.From));
        if (!TasksFor(dataset).Contains(request.Task))
        {
            problems.Add(new RunProblem("Task", "Task.NotForDataset", $"This dataset cannot train {request.Task}.", request.Task.ToString()));
            return problems;
        }

        if (request.Text is { } text)
        {
            ValidateText(dataset, text, problems);
        }
        else if (request.Entities is { } entities)
        {
            var sentences = DatasetQueryService.Corpus(dataset)?.Sentences ?? 0;
            if (sentences < RunPlanner.MinimumRows)
            {
                problems.Add(new RunProblem("Dataset", "Data.TooFewRows", $"There are only {sentences} sentences; at least {RunPlanner.MinimumRows} are needed to train and test.", sentences));
            }

            Range(problems, entities.MaxTokens is >= 4 and <= 512, "MaxTokens", "between 4 and 512");
            Range(problems, entities.WordEmbedding is >= 8 and <= 1024, "WordEmbedding", "between 8 and 1024");
        }
        else
        {
            ValidateForecast(dataset, request.Forecast!, problems);
        }

        return problems;
    }

    private static void ValidateText(Dataset dataset, TextSpecification text, List<RunProblem> problems)
    {
        if (DatasetQueryService.Profile(dataset) is { } profile)
        {
            foreach (var (field, column) in new[] { ("TextColumn", text.TextColumn), ("LabelColumn", text.LabelColumn) })
            {
                if (profile.Columns.All(c => c.Name != column))
                {
                    problems.Add(new RunProblem(field, "Column.Missing", $"The column '{column}' is not in the dataset.", column));
                }
            }

            if (text.TextColumn == text.LabelColumn)
            {
                problems.Add(new RunProblem("LabelColumn", "Feature.IsTarget", $"The label column '{text.LabelColumn}' cannot also be the text.", text.LabelColumn));
            }
            else if (profile.Columns.FirstOrDefault(c => c.Name == text.LabelColumn) is { Distinct: < 2 })
            {
                problems.Add(new RunProblem("LabelColumn", "Target.OneClass", $"The label column '{text.LabelColumn}' has fewer than two classes.", text.LabelColumn));
            }
        }

        if (dataset.RowCount < RunPlanner.MinimumRows)
        {
            problems.Add(new RunProblem("Dataset", "Data.TooFewRows", $"There are only {dataset.RowCount} texts; at least {RunPlanner.MinimumRows} are needed to train and test.", dataset.RowCount));
        }

        Range(problems, text.MaxTokens is >= 4 and <= 4096, "MaxTokens", "between 4 and 4096");
        Range(problems, text.VocabularySize is >= 100 and <= 2_000_000, "VocabularySize", "between 100 and 2000000");
        Range(problems, text.Model != TextModel.Transformer || text.EmbeddingSize % 4 == 0, "EmbeddingSize", "a multiple of 4");
    }

    private static void ValidateForecast(Dataset dataset, ForecastSpecification forecast, List<RunProblem> problems)
    {
        var profile = DatasetQueryService.Profile(dataset)!;
        var byName = profile.Columns.ToDictionary(c => c.Name, StringComparer.Ordinal);
        if (!byName.TryGetValue(forecast.TimeColumn, out var time) || time.Type != "datetime")
        {
            problems.Add(new RunProblem("TimeColumn", "Time.NotDates", $"'{forecast.TimeColumn}' is not a column of dates.", forecast.TimeColumn));
        }

        if (!byName.TryGetValue(forecast.Target, out var target) || target.Type is not ("number" or "integer"))
        {
            problems.Add(new RunProblem("Target", "Target.NotNumeric", $"The target column '{forecast.Target}' has values that are not numbers; choose classification or another column.", forecast.Target));
        }

        foreach (var covariate in forecast.Covariates.Where(c => !byName.ContainsKey(c) || byName[c].Type is not ("number" or "integer")))
        {
            problems.Add(new RunProblem("Covariates", "Feature.Missing", $"The feature column '{covariate}' is not in the dataset.", covariate));
        }

        var testPoints = (int)(profile.Rows * forecast.TestFraction);
        Range(problems, forecast.Horizon is >= 1 and <= 365, "Horizon", "between 1 and 365");
        if (forecast.Horizon >= 1 && forecast.Horizon >= testPoints)
        {
            problems.Add(new RunProblem("Horizon", "Horizon.TooLong",
                $"Horizon {forecast.Horizon} is too long for a series of {profile.Rows} points: the test part ({testPoints} points) must be longer than the horizon.", forecast.Horizon, profile.Rows));
        }
    }

    private static void Range(List<RunProblem> problems, bool ok, string setting, string rule)
    {
        if (!ok)
        {
            problems.Add(new RunProblem(setting, "Setting.OutOfRange", $"{setting} must be {rule}.", rule));
        }
    }
}
