using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Portal.Core.Features.Audit;

public enum AuditOutcome
{
    Success,
    Failure,
    Denied,
}

/// <summary>
/// One security-relevant event. Entries are only ever appended; each carries the hash of the one before it, so
/// changing or deleting any entry breaks every hash after it (see <see cref="AuditLog.VerifyAsync"/>).
/// </summary>
public class AuditEntry
{
    public long Id { get; set; }
    public DateTimeOffset At { get; set; }
    public string? ActorId { get; set; }
    public string? ActorName { get; set; }
    public string? SourceIp { get; set; }
    public required string Action { get; set; }
    public string? Target { get; set; }
    public AuditOutcome Outcome { get; set; }
    public string? Detail { get; set; }
    public required string PreviousHash { get; set; }
    public required string Hash { get; set; }
}

public sealed class AuditEntryConfiguration : IEntityTypeConfiguration<AuditEntry>
{
    public void Configure(EntityTypeBuilder<AuditEntry> builder)
    {
        builder.ToTable("AuditLog");
        builder.Property(e => e.ActorId).HasMaxLength(450);
        builder.Property(e => e.ActorName).HasMaxLength(256);
        builder.Property(e => e.SourceIp).HasMaxLength(64);
        builder.Property(e => e.Action).HasMaxLength(64);
        builder.Property(e => e.Target).HasMaxLength(256);
        builder.Property(e => e.Detail).HasMaxLength(1000);
        builder.Property(e => e.Outcome).HasConversion<string>().HasMaxLength(16);
        builder.Property(e => e.PreviousHash).HasMaxLength(64).IsUnicode(false);
        builder.Property(e => e.Hash).HasMaxLength(64).IsUnicode(false);
        builder.HasIndex(e => e.At);
        builder.HasIndex(e => new { e.ActorId, e.At });
        builder.HasIndex(e => e.Action);
    }
}
