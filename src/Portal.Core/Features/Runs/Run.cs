using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Portal.Core.Features.Runs;

public enum RunStatus
{
    Queued,
    Running,
    Succeeded,
    Failed,
    Cancelled,
    StoppedByQuota,
}

/// <summary>What a run trains. Tabular tasks read tables; the others read the corpus kinds.</summary>
public enum RunTask
{
    Regression,
    Classification,

    /// <summary>Labelled text: one label per text, any language.</summary>
    TextClassification,

    /// <summary>Entity-tagged sentences (CoNLL/BIO): find and type the spans.</summary>
    EntityRecognition,

    /// <summary>A dated numeric column forecast some steps ahead.</summary>
    Forecasting,
}

public enum DevicePreference
{
    /// <summary>The gpu queue when a GPU host is online, else the cpu queue.</summary>
    Auto,
    Cpu,
    Gpu,
}

/// <summary>
/// One training run. This row is the source of truth for its state; the Hangfire job only carries the id. The lease
/// (holder, expiry) decides which host trains it, so a duplicate pick-up after a retry or restart never trains twice.
/// </summary>
public class Run
{
    public Guid Id { get; set; }
    public required string OwnerId { get; set; }
    public required string Name { get; set; }
    public Guid DatasetId { get; set; }

    /// <summary>The project the run belongs to (the owner's personal project unless they chose another).</summary>
    public Guid? ProjectId { get; set; }

    public RunTask Task { get; set; }

    /// <summary>The training specification as JSON (the training engine's own record).</summary>
    public required string SpecificationJson { get; set; }

    public DevicePreference DevicePreference { get; set; }

    /// <summary>The Hangfire queue it was sent to (gpu or cpu).</summary>
    public required string Queue { get; set; }

    public RunStatus Status { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? StartedAt { get; set; }
    public DateTimeOffset? FinishedAt { get; set; }

    /// <summary>The run this one was cloned or retried from.</summary>
    public Guid? SourceRunId { get; set; }

    public string? Host { get; set; }
    public string? Device { get; set; }
    public string? LeaseHolder { get; set; }
    public DateTimeOffset? LeaseExpiresAt { get; set; }

    /// <summary>How many times a host has claimed it (more than one after a crash or restart).</summary>
    public int Attempts { get; set; }

    public bool CancelRequested { get; set; }

    /// <summary>Wall-clock seconds spent executing, over all attempts; charged against the monthly compute quota.</summary>
    public double ComputeSeconds { get; set; }

    public string? Phase { get; set; }
    public int Epoch { get; set; }
    public int Epochs { get; set; }
    public int Step { get; set; }
    public int StepsPerEpoch { get; set; }
    public double? EtaSeconds { get; set; }

    /// <summary>Stable code of the failure (e.g. Training.Diverged) and its message, for Failed runs.</summary>
    public string? ErrorCode { get; set; }
    public string? ErrorMessage { get; set; }

    /// <summary>Headline scores and run facts as JSON once it has finished with a model.</summary>
    public string? ResultJson { get; set; }

    /// <summary>The model package, relative to the artefact store.</summary>
    public string? ModelPath { get; set; }

    public bool IsActive => Status is RunStatus.Queued or RunStatus.Running;
}

public sealed class RunConfiguration : IEntityTypeConfiguration<Run>
{
    public void Configure(EntityTypeBuilder<Run> builder)
    {
        builder.ToTable("Runs");
        builder.Property(r => r.OwnerId).HasMaxLength(450);
        builder.Property(r => r.Name).HasMaxLength(200);
        builder.Property(r => r.Task).HasConversion<string>().HasMaxLength(32);
        builder.Property(r => r.Status).HasConversion<string>().HasMaxLength(32);
        builder.Property(r => r.DevicePreference).HasConversion<string>().HasMaxLength(16);
        builder.Property(r => r.Queue).HasMaxLength(50);
        builder.Property(r => r.Host).HasMaxLength(200);
        builder.Property(r => r.Device).HasMaxLength(300);
        builder.Property(r => r.LeaseHolder).HasMaxLength(300);
        builder.Property(r => r.Phase).HasMaxLength(32);
        builder.Property(r => r.ErrorCode).HasMaxLength(100);
        builder.Property(r => r.ErrorMessage).HasMaxLength(4000);
        builder.Property(r => r.ModelPath).HasMaxLength(500);
        builder.Ignore(r => r.IsActive);
        builder.HasIndex(r => new { r.OwnerId, r.CreatedAt });
        builder.HasIndex(r => new { r.Status, r.Queue, r.CreatedAt });
        builder.HasIndex(r => r.DatasetId);
        builder.HasIndex(r => r.ProjectId);
    }
}
