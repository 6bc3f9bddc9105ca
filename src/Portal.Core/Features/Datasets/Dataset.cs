using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Portal.Core.Features.Datasets;

public enum DatasetKind
{
    Table,
    LabelledText,
    TaggedCorpus,
    ParallelText,
}

/// <summary>Small files are checked before the upload returns (Ready); large ones are stored first and checked by a job.</summary>
public enum DatasetStatus
{
    Ready,
    Checking,
    Failed,
}

/// <summary>A user's dataset entry. The bytes live once in the artefact store under <see cref="ContentHash"/>; identical uploads share
/// them.</summary>
public class Dataset
{
    public Guid Id { get; set; }
    public required string OwnerId { get; set; }

    /// <summary>The project it belongs to; null is the owner's personal project. Members see it according to their role.</summary>
    public Guid? ProjectId { get; set; }

    public required string Name { get; set; }
    public string? Description { get; set; }

    /// <summary>Comma-separated tags, e.g. "trade,2024,asia"; searched together with the name and description.</summary>
    public string? Tags { get; set; }
    public DatasetKind Kind { get; set; }
    public required string OriginalFileName { get; set; }

    /// <summary>SHA-256 of the file as uploaded, lower-case hex.</summary>
    public required string ContentHash { get; set; }

    public long SizeBytes { get; set; }
    public required string Encoding { get; set; }
    public string? Delimiter { get; set; }
    public long RowCount { get; set; }
    public int ColumnCount { get; set; }
    public DateTimeOffset CreatedAt { get; set; }

    public DatasetStatus Status { get; set; } = DatasetStatus.Ready;

    /// <summary>Share of the file the background check has read (0–1), while Checking.</summary>
    public double Progress { get; set; } = 1;

    /// <summary>How many times a worker took the background check; after three lost attempts it fails with the reason.</summary>
    public int CheckAttempts { get; set; }

    /// <summary>Until when the worker checking it holds it; renewed with the progress, so a lost worker is noticed.</summary>
    public DateTimeOffset? CheckLeaseExpiresAt { get; set; }

    /// <summary>Why the background check refused the file (an <see cref="UploadProblem"/> as JSON), when Failed.</summary>
    public string? ProblemJson { get; set; }

    /// <summary>For parallel text checked in the background: the languages the user named at upload.</summary>
    public string? SourceLanguage { get; set; }

    public string? TargetLanguage { get; set; }

    /// <summary>Set when the owner archived it: hidden from the list and from new runs, kept for the runs that used it.</summary>
    public DateTimeOffset? ArchivedAt { get; set; }

    /// <summary>For labelled text and parallel text stored as tables: which columns mean what, and their profile (JSON).</summary>
    public string? ContentProfileJson { get; set; }

    /// <summary>The profile as JSON (see <see cref="TableProfile"/>); null while a background job profiles a large file.</summary>
    public string? ProfileJson { get; set; }
}

public sealed class DatasetConfiguration : IEntityTypeConfiguration<Dataset>
{
    public void Configure(EntityTypeBuilder<Dataset> builder)
    {
        builder.ToTable("Datasets");
        builder.Property(d => d.OwnerId).HasMaxLength(450);
        builder.Property(d => d.Name).HasMaxLength(200);
        builder.Property(d => d.Description).HasMaxLength(4000);
        builder.Property(d => d.Tags).HasMaxLength(500);
        builder.Property(d => d.OriginalFileName).HasMaxLength(260);
        builder.Property(d => d.ContentHash).HasMaxLength(64).IsUnicode(false);
        builder.Property(d => d.Encoding).HasMaxLength(32);
        builder.Property(d => d.Delimiter).HasMaxLength(4);
        builder.Property(d => d.Kind).HasConversion<string>().HasMaxLength(32);
        builder.Property(d => d.Status).HasConversion<string>().HasMaxLength(16);
        builder.Property(d => d.ProblemJson).HasMaxLength(2000);
        builder.Property(d => d.SourceLanguage).HasMaxLength(16);
        builder.Property(d => d.TargetLanguage).HasMaxLength(16);
        builder.HasIndex(d => new { d.OwnerId, d.CreatedAt });
        builder.HasIndex(d => d.ContentHash);
        builder.HasIndex(d => d.ProjectId);
    }
}
