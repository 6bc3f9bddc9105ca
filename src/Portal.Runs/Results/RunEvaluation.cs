using System.Text.Json;
using Portal.Training.Data;
using Portal.Training.Devices;
using Portal.Training.Evaluation;
using Portal.Training.Metrics;
using Portal.Training.Specification;
using Portal.Training.Text;
using Portal.Training.Trainers;

namespace Portal.Runs.Results;

/// <summary>One test row: its row number in the dataset (1 = first data row), the actual and predicted values, and class
/// probabilities.</summary>
public sealed record PredictionRow(int Row, string? Actual, string Predicted, double? Error, double[]? Probabilities);

/// <summary>
/// What the result page draws, written next to the model when a run finishes (runs/&lt;id&gt;/evaluation.json): every
/// test prediction, the full scores and baselines, importance, slices and the curve. The model package stays the
/// portable artefact; this file is the page's data.
/// </summary>
public sealed record RunEvaluation(
    string Task,
    string Target,
    IReadOnlyList<string> Classes,
    RegressionScores? Regression,
    RegressionScores? RegressionBaseline,
    ClassificationScores? Classification,
    ClassificationScores? ClassificationBaseline,
    string? MajorityClass,
    IReadOnlyList<FeatureImportance> FeatureImportance,
    IReadOnlyList<SliceScore> Slices,
    string? GroupingColumn,
    IReadOnlyList<EpochRecord> History,
    IReadOnlyList<PredictionRow> Predictions,
    IReadOnlyDictionary<string, string>? Software = null,
    IReadOnlyList<ConfusedExample>? MostConfused = null,
    EntityEvaluation? Entities = null,
    ForecastEvaluation? Forecast = null)
{
    public const string FileName = "evaluation.json";

    /// <summary>How a text classifier was chosen and how sure its score is (text runs only).</summary>
    public TextSelection? Text { get; init; }

    /// <summary>The models Auto compared on a table (table runs with Auto only).</summary>
    public TableSelection? Table { get; init; }

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static RunEvaluation From(
        TabularSpecification spec, TabularTrainingResult result, TabularData data)
    {
        var actual = data.Column(spec.Target);
        var classes = result.Preprocessing.Target.Classes;
        var regression = result.Regression is not null;
        var rows = result.Split.Test.Select((row, i) =>
        {
            var predicted = result.TestPredictions[i];
            var actualNumber = regression ? TabularData.ParseNumber(actual[row]) : null;
            return new PredictionRow(
                row + 1,
                actual[row],
                regression ? predicted.ToString("G6", System.Globalization.CultureInfo.InvariantCulture) : classes[(int)predicted],
                actualNumber is { } a ? predicted - a : null,
                result.TestProbabilities?[i]);
        }).ToList();
        var majority = regression ? null : result.Split.Train.Select(r => actual[r]).Where(v => !TabularData.IsMissing(v))
            .GroupBy(v => v!).OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal).Select(g => g.Key)
                .FirstOrDefault();
        return new RunEvaluation(
            spec.Task.ToString(), spec.Target, classes, result.Regression, result.RegressionBaseline, result.Classification,
                result.ClassificationBaseline,
            majority, result.FeatureImportance, result.Slices, spec.GroupingColumn, result.History, rows, SoftwareVersions())
        {
            Table = result.Candidates.Count > 0 ? new TableSelection(result.Candidates, result.Folds) : null,
        };
    }

    /// <summary>What trained it, as the worker saw it: for the reproducibility box.</summary>
    public static Dictionary<string, string> SoftwareVersions() => new()
    {
        ["Concordia"] = typeof(RunEvaluation).Assembly.GetCustomAttributes(
            typeof(System.Reflection.AssemblyInformationalVersionAttribute), false)
            .OfType<System.Reflection.AssemblyInformationalVersionAttribute>().FirstOrDefault()?.InformationalVersion.Split('+')[0] ?? "?",
        ["TorchSharp"] = typeof(TorchSharp.torch).Assembly.GetName().Version?.ToString() ?? "?",
        ["libtorch"] = TorchSharp.torch.__version__,
        ["TorchSharp backend"] = DeviceProbe.Backend,
        [".NET"] = Environment.Version.ToString(),
        ["OS"] = System.Runtime.InteropServices.RuntimeInformation.OSDescription,
    };

    public void Write(string path)
    {
        var pending = path + ".pending";
        File.WriteAllText(pending, JsonSerializer.Serialize(this, Json));
        File.Move(pending, path, overwrite: true);
    }

    public static RunEvaluation? Read(string path) => File.Exists(path) ? JsonSerializer.Deserialize<RunEvaluation>(
        File.ReadAllText(path), Json) : null;

    /// <summary>The headline facts stored on the run row (lists and pages read them without opening this file).</summary>
    public static RunResultSummary Summarise(RunTask task, TabularTrainingResult r) => new(
        task,
        r.Model.ToString(),
        r.Regression is not null ? "r2" : "accuracy",
        r.Regression?.RSquared ?? r.Classification!.Accuracy,
        r.RegressionBaseline?.RSquared ?? r.ClassificationBaseline!.Accuracy,
        r.Regression?.Rmse,
        r.RegressionBaseline?.Rmse,
        r.Regression?.Mae,
        r.Classification?.MacroF1,
        r.BestEpoch,
        r.History.Count,
        r.StoppedEarly,
        r.Resumed,
        r.Split.Train.Length,
        r.Split.Validation.Length,
        r.Split.Test.Length,
        r.Device,
        r.Duration.TotalSeconds,
        r.FeatureImportance.OrderByDescending(f => f.ScoreDrop).Take(20).Select(f => new ImportanceEntry(f.Column, f.ScoreDrop)).ToList())
    {
        HeadlineLow = r.HeadlineInterval?.Low, HeadlineHigh = r.HeadlineInterval?.High,
    };
}

/// <summary>
/// The text model that was trained (Auto's choice among <see cref="Candidates"/>, compared on the validation split or by
/// <see cref="Folds"/>-fold cross-validation), whether the classes were weighted, and the 95% interval of the test macro-F1.
/// </summary>
public sealed record TextSelection(
    string Model, bool Balanced, double Imbalance, IReadOnlyList<TextCandidate> Candidates, int Folds, ScoreInterval? MacroF1Interval);

/// <summary>The linear model and the MLP as Auto compared them on a table: mean validation loss over <see cref="Folds"/> folds
/// (0: on the validation rows).</summary>
public sealed record TableSelection(IReadOnlyList<TabularCandidate> Candidates, int Folds);
