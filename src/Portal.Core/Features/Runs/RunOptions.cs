using System.ComponentModel.DataAnnotations;

namespace Portal.Core.Features.Runs;

/// <summary>Section "Runs": quota defaults (per-user overrides come with administration) and the execution lease.</summary>
public sealed class RunOptions
{
    public const string SectionName = "Runs";

    /// <summary>Queued plus running runs one user may have at a time.</summary>
    [Range(1, 1000)]
    public int MaxActiveRunsPerUser { get; set; } = 3;

    /// <summary>Wall-clock minutes of execution per user per calendar month (UTC).</summary>
    [Range(1, 1_000_000)]
    public int ComputeMinutesPerMonth { get; set; } = 600;

    /// <summary>A run is stopped (Stopped-by-quota, keeping its best model) after this long.</summary>
    [Range(1, 100_000)]
    public int MaxRunMinutes { get; set; } = 240;

    /// <summary>How long a host's claim on a run lasts without renewal; renewed every third of it.</summary>
    [Range(3, 3600)]
    public int LeaseSeconds { get; set; } = 30;

    /// <summary>Claims after which a run that keeps losing its host is failed rather than tried again.</summary>
    [Range(1, 20)]
    public int MaxAttempts { get; set; } = 3;

    /// <summary>Seconds between host heartbeats; a host unseen for four of them is shown offline.</summary>
    [Range(1, 3600)]
    public int HeartbeatSeconds { get; set; } = 15;

    /// <summary>How often a running job writes progress and metrics and looks for a cancel request (ms).</summary>
    [Range(100, 60_000)]
    public int MonitorIntervalMilliseconds { get; set; } = 1000;

    /// <summary>Rough training throughput used for the compute-time estimate on the review step (rows × epochs per second).</summary>
    [Range(1, double.MaxValue)]
    public double EstimatedRowsPerSecond { get; set; } = 150_000;

    public TimeSpan Lease => TimeSpan.FromSeconds(LeaseSeconds);

    public TimeSpan HostOfflineAfter => TimeSpan.FromSeconds(HeartbeatSeconds * 4);
}
