using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Portal.Core.Features.Diagnostics;

/// <summary>A round trip through the job engine: the portal writes the request, whichever worker runs the job writes the answer.</summary>
public class DiagnosticPing
{
    public Guid Id { get; set; }
    public string Queue { get; set; } = "default";
    public string? RequestedBy { get; set; }
    public DateTimeOffset RequestedAt { get; set; }
    public DateTimeOffset? CompletedAt { get; set; }
    public string? CompletedByHost { get; set; }
    public string? Device { get; set; }
}

public sealed class DiagnosticPingConfiguration : IEntityTypeConfiguration<DiagnosticPing>
{
    public void Configure(EntityTypeBuilder<DiagnosticPing> builder)
    {
        builder.ToTable("DiagnosticPings");
        builder.Property(p => p.Queue).HasMaxLength(64);
        builder.Property(p => p.RequestedBy).HasMaxLength(450);
        builder.Property(p => p.CompletedByHost).HasMaxLength(256);
        builder.Property(p => p.Device).HasMaxLength(512);
        builder.HasIndex(p => p.RequestedAt);
    }
}
