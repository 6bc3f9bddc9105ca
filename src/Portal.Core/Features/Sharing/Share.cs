using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Portal.Core.Features.Sharing;

public enum ShareKind
{
    /// <summary>A named user, who finds it under "Shared with me".</summary>
    User,

    /// <summary>Anyone holding the link (a random 128-bit token, stored only as its hash) until it expires.</summary>
    Link,

    /// <summary>Every member of a project (and its creator), who find it under "Shared with me".</summary>
    Project,
}

/// <summary>Read-only access to one run's result page, granted by its owner and revocable at any time.</summary>
public class Share
{
    public Guid Id { get; set; }
    public Guid RunId { get; set; }
    public required string CreatedBy { get; set; }
    public ShareKind Kind { get; set; }
    public string? UserId { get; set; }

    /// <summary>For a project share: the project whose members read the run.</summary>
    public Guid? ProjectId { get; set; }

    public string? TokenHash { get; set; }
    public DateTimeOffset? ExpiresAt { get; set; }

    /// <summary>Links require signing in unless the owner chose otherwise and an administrator allows anonymous links.</summary>
    public bool RequireSignIn { get; set; } = true;

    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? RevokedAt { get; set; }
}

/// <summary>Every open of a shared page: who (if signed in), when, from where.</summary>
public class ShareOpen
{
    public long Id { get; set; }
    public Guid ShareId { get; set; }
    public DateTimeOffset At { get; set; }
    public string? UserId { get; set; }
    public string? SourceIp { get; set; }
}

public sealed class SharingConfiguration : IEntityTypeConfiguration<Share>, IEntityTypeConfiguration<ShareOpen>
{
    public void Configure(EntityTypeBuilder<Share> builder)
    {
        builder.ToTable("Shares");
        builder.Property(s => s.CreatedBy).HasMaxLength(450);
        builder.Property(s => s.UserId).HasMaxLength(450);
        builder.Property(s => s.TokenHash).HasMaxLength(64).IsUnicode(false);
        builder.Property(s => s.Kind).HasConversion<string>().HasMaxLength(16);
        builder.HasIndex(s => s.TokenHash).IsUnique();
        builder.HasIndex(s => new { s.UserId, s.RevokedAt });
        builder.HasIndex(s => s.RunId);
        builder.HasIndex(s => s.ProjectId);
    }

    public void Configure(EntityTypeBuilder<ShareOpen> builder)
    {
        builder.ToTable("ShareOpens");
        builder.Property(o => o.UserId).HasMaxLength(450);
        builder.Property(o => o.SourceIp).HasMaxLength(64);
        builder.HasIndex(o => o.ShareId);
    }
}

/// <summary>Section "Sharing".</summary>
public sealed class SharingOptions
{
    public const string SectionName = "Sharing";

    /// <summary>Whether owners may create links that work without signing in (off by default; administrators decide).</summary>
    public bool AllowAnonymousLinks { get; set; }
}
