using Portal.Core.Features.Runs;
using Portal.Training.Specification;

namespace Portal.Jobs.Runs;

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

/// <summary>A refusal of a submit: which field (or "Quota", "Dataset") and a stable code with its arguments for translation.</summary>
public sealed record RunProblem(string Field, string Code, string Message, params object[] Arguments)
{
    public static RunProblem From(SettingProblem p) => new(p.Setting, p.Code, p.Message, p.Arguments);
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

/// <summary>The settings the portal proposes for a dataset, which the new-run flow starts from.</summary>
public sealed record RunProposal(
    Guid DatasetId,
    string DatasetName,
    IReadOnlyList<ColumnChoice> Columns,
    TabularSpecification Specification,
    long Rows);

/// <summary>A column as the new-run flow shows it: its profiled type, and whether it is usable as a feature by default.</summary>
public sealed record ColumnChoice(string Name, string Type, long Distinct, bool IsIdentifier);
