using System.Xml.Linq;
using Portal.Core.Features.Runs;
using Portal.Runs.Planning;
using Portal.Training.Specification;
using Portal.Web.Features.Runs;

namespace Portal.Web.Tests;

/// <summary>The run pages build some keys from codes and enum values; each must have a text in both languages.</summary>
public sealed class RunTextTests
{
    [Fact]
    public void Every_status_task_model_problem_and_error_the_run_pages_can_show_has_a_text()
    {
        var keys = Enum.GetNames<RunStatus>().Select(s => $"Run.Status.{s}")
            .Concat(Enum.GetNames<RunTask>().Select(t => $"Run.Task.{t}"))
            .Concat(Enum.GetNames<ModelFamily>().SelectMany(m => new[] { $"NewRun.Model.{m}", $"NewRun.Model.{m}.Help" }))
            .Concat(Enum.GetNames<DevicePreference>().Select(d => $"NewRun.Device.{d}"))
            .Concat(Enum.GetNames<ScheduleKind>().Select(s => $"Setting.Schedule.{s}"))
            .Concat(Enum.GetNames<Portal.Training.Text.TextModel>().Concat(Enum.GetNames<Portal.Training.Entities.TaggerModel>()).Concat(Enum.GetNames<Portal.Training.Forecasting.ForecastModel>())
                .SelectMany(m => new[] { $"NewRun.Model.{m}", $"NewRun.Model.{m}.Help" }))
            .Concat(RunText.RangeSettings.Select(s => $"RunProblem.Range.{s}"))
            .Concat(RunText.TaskRangeSettings.SelectMany(s => new[] { $"RunProblem.Range.{s}", $"Setting.{s}" }))
            .Concat(["Setting.UseCrf", "Setting.Season", "Setting.Window", "Setting.Grouping", "Run.Metric.f1", "Run.Metric.mae"])
            .Concat(RunText.ProblemCodes.Select(c => $"RunProblem.{c}"))
            .Concat(RunText.ErrorCodes.Select(c => $"RunError.{c}"))
            .Concat(["Run.Metric.r2", "Run.Metric.accuracy", "Run.Series.train_loss", "Run.Series.validation_loss"]);

        foreach (var file in new[] { "SharedResource.resx", "SharedResource.zh-CN.resx" })
        {
            var present = XDocument.Load(Path.Combine(ResourceFolder(), file)).Root!.Elements("data").Select(d => d.Attribute("name")!.Value).ToHashSet();
            var missing = keys.Where(k => !present.Contains(k)).ToList();
            Assert.True(missing.Count == 0, $"{file} lacks: {string.Join(", ", missing)}");
        }
    }

    [Fact]
    public void Every_range_problem_the_validator_reports_has_its_own_sentence()
    {
        var everythingWrong = new TabularSpecification
        {
            Task = TrainingTask.Regression,
            Target = "y",
            Hyperparameters = new Hyperparameters
            {
                LearningRate = 0, Epochs = 0, BatchSize = 0, WeightDecay = 2, Momentum = 1, Dropout = 1, HiddenLayers = 0, HiddenWidth = 0,
                Patience = 0, GradientClip = 0, WarmupEpochs = -1, StepEvery = 0, StepFactor = 0,
            },
            Split = new SplitSettings { ValidationFraction = 0, TestFraction = 0 },
        };

        var settings = SpecificationValidator.ValidateSettings(everythingWrong).Select(p => p.Setting).ToHashSet();

        Assert.Equal(RunText.RangeSettings.ToHashSet(), settings);
    }

    private static string ResourceFolder()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (!File.Exists(Path.Combine(dir!.FullName, "Portal.sln")))
        {
            dir = dir.Parent;
        }

        return Path.Combine(dir.FullName, "src", "Portal.Web", "Resources", "Features", "Localization");
    }
}
