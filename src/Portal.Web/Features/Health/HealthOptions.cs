using System.ComponentModel.DataAnnotations;

namespace Portal.Web.Features.Health;

/// <summary>Who may read the health report's details, and how often the artefact store is really probed.</summary>
public sealed class HealthOptions
{
    public const string SectionName = "Health";

    /// <summary>
    /// A secret a monitoring system sends as the X-Monitoring-Token header to read the details; administrators signed in
    /// read them too. Anonymous callers only learn the overall status.
    /// </summary>
    public string? MonitoringToken { get; set; }

    /// <summary>The store's write-read-delete probe runs at most this often; calls in between get its last result.</summary>
    [Range(1, 3600)]
    public int StoreCheckSeconds { get; set; } = 30;
}
