namespace Portal.Training.Specification;

/// <summary>
/// A setting that cannot be used, named so the portal can point at the field. <see cref="Code"/> selects the
/// translated message; <see cref="Arguments"/> fill it; <see cref="Message"/> is the English text for logs and the API.
/// </summary>
public sealed record SettingProblem(string Setting, string Code, string Message, params object[] Arguments);

/// <summary>Thrown before any training when the specification or data cannot work.</summary>
public sealed class InvalidSpecificationException(IReadOnlyList<SettingProblem> problems)
    : Exception(string.Join(" ", problems.Select(p => p.Message)))
{
    public IReadOnlyList<SettingProblem> Problems { get; } = problems;
}

/// <summary>Training stopped for a reason the user can act on (e.g. the loss diverged).</summary>
public sealed class TrainingFailedException(string code, string message) : Exception(message)
{
    public string Code { get; } = code;
}
