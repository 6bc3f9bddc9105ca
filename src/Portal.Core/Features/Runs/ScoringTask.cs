using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Portal.Core.Features.Runs;

public enum ScoringStatus
{
    Queued,
    Running,
    Succeeded,
    Failed,
}

/// <summary>A file scored with a finished run's model, as a background job; the predictions CSV is kept beside it.</summary>
public class ScoringTask
{
    public Guid Id { get; set; }
    public Guid RunId { get; set; }
    public required string OwnerId { get; set; }
    public required string FileName { get; set; }
    public ScoringStatus Status { get; set; }
    public double Progress { get; set; }
    public long Rows { get; set; }
    public long RowsWithIssues { get; set; }

    /// <summary>Columns the model needs that the file lacks (comma-separated), reported once for the whole file.</summary>
    public string? MissingColumns { get; set; }

    /// <summary>The user's own id column, copied beside each prediction so the output joins back to their rows.</summary>
    public string? IdColumn { get; set; }

    public string? Error { get; set; }

    /// <summary>How many times a worker took the job; after three lost attempts it fails with the reason (ADR 0012).</summary>
    public int Attempts { get; set; }

    /// <summary>Until when the worker scoring it holds it; renewed while it works, so a lost worker is noticed.</summary>
    public DateTimeOffset? LeaseExpiresAt { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? FinishedAt { get; set; }
}

public sealed class ScoringTaskConfiguration : IEntityTypeConfiguration<ScoringTask>
{
    public void Configure(EntityTypeBuilder<ScoringTask> builder)
    {
        builder.ToTable("ScoringTasks");
        builder.Property(t => t.OwnerId).HasMaxLength(450);
        builder.Property(t => t.FileName).HasMaxLength(260);
        builder.Property(t => t.Status).HasConversion<string>().HasMaxLength(16);
        builder.Property(t => t.MissingColumns).HasMaxLength(2000);
        builder.Property(t => t.IdColumn).HasMaxLength(200);
        builder.Property(t => t.Error).HasMaxLength(2000);
        builder.HasIndex(t => new { t.RunId, t.CreatedAt });
    }
}
