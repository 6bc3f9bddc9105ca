namespace Portal.Runs.Starting;

/// <summary>What a user asks for: a dataset, one task's training specification, and where to run it.</summary>
public sealed record RunRequest
{
    public required Guid DatasetId { get; init; }
    public string? Name { get; init; }
    public required TrainingSpecification Specification { get; init; }
    public DevicePreference Device { get; init; } = DevicePreference.Auto;

    /// <summary>Null means the owner's personal project.</summary>
    public Guid? ProjectId { get; init; }

    /// <summary>Set when the run is a clone or retry of another.</summary>
    public Guid? SourceRunId { get; init; }

    public RunTask Task => TaskPlans.For(Specification).TaskOf(Specification);

    /// <summary>The request that trains what a stored run trained.</summary>
    public static RunRequest ForRun(Run run) => new()
    {
        DatasetId = run.DatasetId,
        Specification = TaskPlans.Read(run),
        Name = run.Name,
        Device = run.DevicePreference,
        SourceRunId = run.Id,
        ProjectId = run.ProjectId,
    };
}

public enum SubmitOutcome
{
    Submitted,
    Invalid,
    DatasetNotFound,
    OverQuota,
    ProjectNotFound,
}

public sealed record SubmitResult(SubmitOutcome Outcome, Run? Run, IReadOnlyList<RunProblem> Problems)
{
    public bool Succeeded => Outcome == SubmitOutcome.Submitted;
}
