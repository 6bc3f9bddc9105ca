using Portal.Training.Packaging;
using Portal.Training.Text;
using Portal.Training.Trainers;

namespace Portal.Runs.Planning;

/// <summary>Text classification on labelled text, with the text and label columns found at upload.</summary>
public sealed class TextPlan : TaskPlan<TextSpecification>
{
    public override IReadOnlyList<RunTask> Tasks { get; } = [RunTask.TextClassification];

    public override TaskScorer Scorer { get; } = new TextScorer();

    protected override RunTask TaskOf(TextSpecification specification) => RunTask.TextClassification;

    public override IReadOnlyList<RunTask> TasksFor(Dataset dataset) => dataset.Kind == DatasetKind.LabelledText ? Tasks : [];

    /// <summary>JSON Lines files always use "text" and "label".</summary>
    public override TrainingSpecification? Propose(Dataset dataset, RunTask task, string? target)
    {
        var (text, label) = DatasetQueryService.Labelled(dataset) is { } labelled
            ? (labelled.TextColumn, labelled.LabelColumn)
            : ("text", "label");
        return TextDefaults.Propose(dataset.RowCount, text, label, Imbalance(dataset, label));
    }

    /// <summary>The largest class over the smallest from the upload's profile (a lower bound when it lists only the top classes).</summary>
    private static double Imbalance(Dataset dataset, string label)
    {
        var top = DatasetQueryService.Profile(dataset)?.Columns.FirstOrDefault(c => c.Name == label)?.TopValues ?? [];
        return top.Count < 2 || top[^1].Count == 0 ? 1 : (double)top[0].Count / top[^1].Count;
    }

    protected override IReadOnlyList<RunProblem> Validate(Dataset dataset, TextSpecification text)
    {
        var problems = SpecificationValidator.ValidateSettings(text.Hyperparameters, text.Split.ValidationFraction, text.Split.TestFraction)
            .Select(RunProblem.From)
            .ToList();
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
                problems.Add(new RunProblem("LabelColumn", "Feature.IsTarget",
                    $"The label column '{text.LabelColumn}' cannot also be the text.", text.LabelColumn));
            }
            else if (profile.Columns.FirstOrDefault(c => c.Name == text.LabelColumn) is { Distinct: < 2 })
            {
                problems.Add(new RunProblem("LabelColumn", "Target.OneClass",
                    $"The label column '{text.LabelColumn}' has fewer than two classes.", text.LabelColumn));
            }
            else
            {
                problems.AddRange(ProfileProblems(profile, text));
            }
        }

        if (dataset.RowCount < RunPlanner.MinimumRows)
        {
            problems.Add(new RunProblem("Dataset", "Data.TooFewRows",
                $"There are only {dataset.RowCount} texts; at least {RunPlanner.MinimumRows} are needed to train and test.",
                    dataset.RowCount));
        }

        RunPlanner.Range(problems, text.MaxTokens is >= 4 and <= 4096, "MaxTokens", "between 4 and 4096");
        RunPlanner.Range(problems, text.VocabularySize is >= 100 and <= 2_000_000, "VocabularySize", "between 100 and 2000000");
        RunPlanner.Range(problems, text.Model != TextModel.Transformer || text.EmbeddingSize % 4 == 0, "EmbeddingSize", "a multiple of 4");
        return problems;
    }

    /// <summary>
    /// What the upload's profile already shows of the corpus checks (<see cref="TextDataChecks"/>, which training runs
    /// in full): a mostly empty text column, one text throughout, label variants and single-text labels among the top labels.
    /// </summary>
    private static IEnumerable<RunProblem> ProfileProblems(TableProfile profile, TextSpecification text)
    {
        var texts = profile.Columns.First(c => c.Name == text.TextColumn);
        var labels = profile.Columns.First(c => c.Name == text.LabelColumn);
        if (profile.Rows > 0 && texts.Missing > TextDataChecks.MostlyEmpty * profile.Rows)
        {
            yield return RunProblem.From(TextDataChecks.Empty(text.TextColumn, texts.Missing, profile.Rows));
        }
        else if (texts is { Distinct: 1, DistinctIsLowerBound: false } && profile.Rows - texts.Missing >= 2)
        {
            yield return RunProblem.From(TextDataChecks.Identical(text.TextColumn));
        }

        var top = labels.TopValues.Select(v => v.Value.Trim()).Distinct(StringComparer.Ordinal);
        if (TextDataChecks.Variants(top) is { Count: > 0 } variants)
        {
            yield return RunProblem.From(TextDataChecks.LabelVariants(variants));
        }

        if (labels.TopValues.Where(v => v.Count == 1).Select(v => v.Value).ToList() is { Count: > 0 } single)
        {
            yield return RunProblem.From(TextDataChecks.SingleText(single));
        }
    }

    protected override IReadOnlyList<TaskSetting> Settings(TextSpecification t) =>
    [
        new("MaxTokens", RunPlanner.Number(t.MaxTokens)),
        new("VocabularySize", RunPlanner.Number(t.VocabularySize)),
        new("EmbeddingSize", RunPlanner.Number(t.EmbeddingSize)),
    ];

    protected override TrainedRun Train(Run run, TextSpecification spec, RunData data, TrainingOptions options, CancellationToken stop)
    {
        var table = data.Table();
        var result = TextTrainer.Train(spec, table, options, stop);
        return new TrainedRun(
            TaskEvaluations.Text(spec, result, table),
            TaskEvaluations.TextSummary(spec, result),
            (zip, at) => TextModelPackage.Write(zip, spec, result, at));
    }
}
