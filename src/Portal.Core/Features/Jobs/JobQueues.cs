namespace Portal.Core.Features.Jobs;

public static class JobQueues
{
    public const string Gpu = "gpu";
    public const string Cpu = "cpu";
    public const string Default = "default";

    /// <summary>
    /// Short work a person waits for (scoring a file, checking an upload): taken by a job server of its own on every
    /// host, so it starts within seconds even while that host trains a long run.
    /// </summary>
    public const string Interactive = "interactive";

    /// <summary>Hangfire queue names: lower case letters, digits, underscores and dashes.</summary>
    public static bool IsValidName(string name) =>
        name.Length is > 0 and <= 50 && name.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '_' or '-');
}
