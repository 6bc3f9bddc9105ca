using System.Text.Json;
using System.Text.Json.Serialization;
using Portal.Training.Trainers;

namespace Portal.Runs.Planning;

/// <summary>
/// Everything the run flow knows about one kind of specification: which tasks it trains, what it proposes for a
/// dataset, how it is checked against the dataset's profile, the settings pages show, how it trains and how its model
/// scores. Adding a task adds one specification type and one plan (with its scorer), listed in <see cref="TaskPlans"/>;
/// nothing else in the run flow switches on tasks.
/// </summary>
public abstract class TaskPlan
{
    public abstract Type SpecificationType { get; }

    /// <summary>The run tasks this plan trains (tables train two: regression and classification).</summary>
    public abstract IReadOnlyList<RunTask> Tasks { get; }

    public abstract RunTask TaskOf(TrainingSpecification specification);

    /// <summary>The tasks of this plan the dataset can train (none when it is not that kind of data).</summary>
    public abstract IReadOnlyList<RunTask> TasksFor(Dataset dataset);

    /// <summary>Settings sized to the dataset, or null when the dataset cannot train this task.</summary>
    public abstract TrainingSpecification? Propose(Dataset dataset, RunTask task, string? target);

    /// <summary>What the stored profile can tell is wrong; the worker repeats the full check on the data.</summary>
    public abstract IReadOnlyList<RunProblem> Validate(Dataset dataset, TrainingSpecification specification);

    /// <summary>The task's own settings (beyond the shared hyperparameters and split) as pages show them.</summary>
    public abstract IReadOnlyList<TaskSetting> Settings(TrainingSpecification specification);

    public abstract TrainedRun Train(
        Run run, TrainingSpecification specification, RunData data, TrainingOptions options, CancellationToken stop);

    /// <summary>How the task's trained model scores new data (the form and files).</summary>
    public abstract TaskScorer Scorer { get; }
}

/// <summary>A plan for one specification type, so each plan works on its own type without casts.</summary>
public abstract class TaskPlan<TSpecification> : TaskPlan
    where TSpecification : TrainingSpecification
{
    public sealed override Type SpecificationType => typeof(TSpecification);

    public sealed override RunTask TaskOf(TrainingSpecification specification) => TaskOf((TSpecification)specification);

    public sealed override IReadOnlyList<RunProblem> Validate(Dataset dataset, TrainingSpecification specification) =>
        Validate(dataset, (TSpecification)specification);

    public sealed override IReadOnlyList<TaskSetting> Settings(TrainingSpecification specification) =>
        Settings((TSpecification)specification);

    public sealed override TrainedRun Train(
        Run run, TrainingSpecification specification, RunData data, TrainingOptions options, CancellationToken stop) =>
        Train(run, (TSpecification)specification, data, options, stop);

    protected abstract RunTask TaskOf(TSpecification specification);

    protected abstract IReadOnlyList<RunProblem> Validate(Dataset dataset, TSpecification specification);

    protected abstract IReadOnlyList<TaskSetting> Settings(TSpecification specification);

    protected abstract TrainedRun Train(
        Run run, TSpecification specification, RunData data, TrainingOptions options, CancellationToken stop);
}

/// <summary>The plans of every task, and the one JSON form a run's specification is stored and sent in.</summary>
public static class TaskPlans
{
    /// <summary>In the order a dataset's tasks are offered: the first that fits is the suggested one.</summary>
    public static readonly IReadOnlyList<TaskPlan> All = [new TextPlan(), new EntityPlan(), new TablePlan(), new ForecastPlan()];

    /// <summary>Enums by name only: a number is not taken for a model or an optimizer.</summary>
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(allowIntegerValues: false) },
    };

    public static TaskPlan For(RunTask task) => All.First(p => p.Tasks.Contains(task));

    public static TaskPlan For(TrainingSpecification specification) => All.First(p => p.SpecificationType == specification.GetType());

    /// <summary>The stored specification, with or without its kind (runs stored before the kind was written have none).</summary>
    public static TrainingSpecification Read(Run run) =>
        (TrainingSpecification)JsonSerializer.Deserialize(run.SpecificationJson, For(run.Task).SpecificationType, Json)!;

    /// <summary>Written as the base type, so the JSON carries its <c>kind</c>.</summary>
    public static string Write(TrainingSpecification specification) => JsonSerializer.Serialize(specification, Json);
}
