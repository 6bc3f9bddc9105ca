namespace Portal.Core.Features.Jobs;

public enum JobStorageKind
{
    InMemory,
    SqlServer,
    PostgreSql,
}

/// <summary>Section "Hangfire": where jobs are stored. InMemory only works with the portal's in-process worker.</summary>
public sealed class JobEngineOptions
{
    public const string SectionName = "Hangfire";

    public JobStorageKind Storage { get; set; } = JobStorageKind.InMemory;

    /// <summary>Empty means the portal database's connection string.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>How often a PostgreSQL-backed server looks for new jobs (Hangfire.PostgreSql defaults to 15 s).</summary>
    public TimeSpan QueuePollInterval { get; set; } = TimeSpan.FromSeconds(1);
}

/// <summary>Section "Worker": whether this process executes jobs, and which queues it takes.</summary>
public sealed class WorkerOptions
{
    public const string SectionName = "Worker";

    /// <summary>The portal hosts a Hangfire server itself (embedded default). Portal.Worker ignores this.</summary>
    public bool InProcess { get; set; } = true;

    /// <summary>
    /// Comma-separated, in priority order (e.g. "gpu,cpu"). A single string, not an array, because layered
    /// configuration merges arrays by index: an override of ["gpu"] over ["gpu","cpu"] would still yield both.
    /// </summary>
    public string Queues { get; set; } = "gpu,cpu,default";

    public string[] QueueList => Queues.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>Concurrent jobs on this host; training is heavy, so one at a time by default.</summary>
    public int WorkerCount { get; set; } = 1;

    /// <summary>Seconds between training checkpoints (0: after every epoch). A crashed worker repeats at most this much training;
    /// writing one after every short epoch costs more than the epoch itself.</summary>
    public double CheckpointSeconds { get; set; } = 10;

    /// <summary>
    /// Concurrent short jobs (scoring, upload checks) on this host, beside the training slots; 0 leaves them to other
    /// hosts. They have a job server of their own, so a long training run never holds them up.
    /// </summary>
    public int InteractiveWorkerCount { get; set; } = 1;

    /// <summary>
    /// CPU threads of one training (libtorch's intra-op threads); 0 shares the host's cores among the training slots
    /// (<see cref="WorkerCount"/>). On a GPU host the GPU does the arithmetic and one or two threads are enough.
    /// </summary>
    public int TrainingThreads { get; set; }

    /// <summary>Host name shown in the portal; empty means the machine name.</summary>
    public string? Name { get; set; }

    public string ResolveName() => string.IsNullOrWhiteSpace(Name) ? Environment.MachineName : Name;
}
