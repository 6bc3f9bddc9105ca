using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Portal.Core.Features.Runs;

/// <summary>One value of one curve: e.g. (run, epoch 12, "validation_loss", 0.31). Any curve can be redrawn from these.</summary>
public class RunMetric
{
    public long Id { get; set; }
    public Guid RunId { get; set; }
    public int Step { get; set; }
    public required string Name { get; set; }
    public double Value { get; set; }
}

/// <summary>A line of a run's log, as shown on its page.</summary>
public class RunLogLine
{
    public long Id { get; set; }
    public Guid RunId { get; set; }
    public DateTimeOffset At { get; set; }
    public required string Message { get; set; }
}

/// <summary>A host that executes jobs: the portal's in-process worker or a Portal.Worker, seen by its heartbeat.</summary>
public class WorkerHost
{
    /// <summary>Worker:Name (the machine name by default); a restarted host keeps its row.</summary>
    public required string Name { get; set; }
    public required string OperatingSystem { get; set; }
    public required string TorchBackend { get; set; }
    public required string Device { get; set; }
    public bool HasGpu { get; set; }
    public required string Queues { get; set; }
    public int WorkerCount { get; set; }
    public DateTimeOffset StartedAt { get; set; }
    public DateTimeOffset LastSeenAt { get; set; }
}

public sealed class RunRecordsConfiguration : IEntityTypeConfiguration<RunMetric>, IEntityTypeConfiguration<RunLogLine>,
    IEntityTypeConfiguration<WorkerHost>
{
    public void Configure(EntityTypeBuilder<RunMetric> builder)
    {
        builder.ToTable("RunMetrics");
        builder.Property(m => m.Name).HasMaxLength(100);
        builder.HasIndex(m => new { m.RunId, m.Name, m.Step });
    }

    public void Configure(EntityTypeBuilder<RunLogLine> builder)
    {
        builder.ToTable("RunLogLines");
        builder.Property(l => l.Message).HasMaxLength(2000);
        builder.HasIndex(l => new { l.RunId, l.Id });
    }

    public void Configure(EntityTypeBuilder<WorkerHost> builder)
    {
        builder.ToTable("WorkerHosts");
        builder.HasKey(h => h.Name);
        builder.Property(h => h.Name).HasMaxLength(200);
        builder.Property(h => h.OperatingSystem).HasMaxLength(200);
        builder.Property(h => h.TorchBackend).HasMaxLength(50);
        builder.Property(h => h.Device).HasMaxLength(300);
        builder.Property(h => h.Queues).HasMaxLength(200);
    }
}
