namespace Portal.Runs.Planning;

/// <summary>A refusal of a submit: which field (or "Quota", "Dataset") and a stable code with its arguments for translation.</summary>
public sealed record RunProblem(string Field, string Code, string Message, params object[] Arguments)
{
    public static RunProblem From(SettingProblem p) => new(p.Setting, p.Code, p.Message, p.Arguments);
}
