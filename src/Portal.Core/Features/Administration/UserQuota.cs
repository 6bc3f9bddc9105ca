using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Portal.Core.Features.Administration;

/// <summary>An administrator's per-user overrides; a null field means the default from configuration.</summary>
public class UserQuota
{
    public required string UserId { get; set; }
    public long? StorageBytes { get; set; }
    public long? MaxUploadBytes { get; set; }
    public int? MaxActiveRuns { get; set; }
    public int? ComputeMinutesPerMonth { get; set; }
    public int? MaxRunMinutes { get; set; }
}

/// <summary>A single-use invitation to set a first password; only the SHA-256 of the link's token is stored.</summary>
public class Invitation
{
    public Guid Id { get; set; }
    public required string UserId { get; set; }
    public required string TokenHash { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset ExpiresAt { get; set; }
    public DateTimeOffset? UsedAt { get; set; }
}

public sealed class AdministrationConfiguration : IEntityTypeConfiguration<UserQuota>, IEntityTypeConfiguration<Invitation>
{
    public void Configure(EntityTypeBuilder<UserQuota> builder)
    {
        builder.ToTable("UserQuotas");
        builder.HasKey(q => q.UserId);
        builder.Property(q => q.UserId).HasMaxLength(450);
    }

    public void Configure(EntityTypeBuilder<Invitation> builder)
    {
        builder.ToTable("Invitations");
        builder.Property(i => i.UserId).HasMaxLength(450);
        builder.Property(i => i.TokenHash).HasMaxLength(64).IsUnicode(false);
        builder.HasIndex(i => i.TokenHash).IsUnique();
    }
}
