using Portal.Core.Features.Exports;
using Portal.Training.Data;

namespace Portal.Runs.Scoring;

/// <summary>
/// How one task's model scores new data: the inputs of the one-row form, one prediction from it, and a whole file.
/// Each <see cref="Planning.TaskPlan"/> has one, so adding a task adds its scorer beside its plan.
/// </summary>
public abstract class TaskScorer
{
    /// <summary>The form's inputs (none when the task scores only files, as forecasts need a series).</summary>
    public abstract IReadOnlyList<ModelInput> Inputs(RunResultBundle bundle, string modelPath);

    /// <summary>One prediction from the form's values; null when the task has no form.</summary>
    public abstract SinglePrediction? Predict(RunResultBundle bundle, string modelPath, IReadOnlyDictionary<string, string?> values);

    /// <summary>Scores every row of the file; counts rows with issues and missing columns on the task.</summary>
    public abstract SpreadsheetCsv Score(ScoringTask task, string modelPath, TabularData data, RowKeys keys, Action<double> progress);

    protected static string Require(ScoringTask task, TabularData data, string column, string? alternative = null)
    {
        if (!data.HasColumn(column))
        {
            task.MissingColumns = column;
            throw new InvalidDataException(alternative is null
                ? $"The file has no column '{column}', which the model needs."
                : $"The file has no column '{alternative}' or '{column}' with the sentences to tag.");
        }

        return column;
    }

    protected static void InChunks(int rows, int size, Action<double> progress, Action<int[]> chunk)
    {
        for (var start = 0; start < rows; start += size)
        {
            chunk(Enumerable.Range(start, Math.Min(size, rows - start)).ToArray());
            progress(Math.Min(1, (start + size) / (double)rows));
        }
    }
}
