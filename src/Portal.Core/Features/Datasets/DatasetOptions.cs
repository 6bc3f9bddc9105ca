using System.ComponentModel.DataAnnotations;

namespace Portal.Core.Features.Datasets;

public sealed class DatasetOptions
{
    public const string SectionName = "Datasets";

    /// <summary>Largest file accepted, checked while streaming (default 512 MB).</summary>
    [Range(1, long.MaxValue)]
    public long MaxUploadBytes { get; set; } = 512L * 1024 * 1024;

    /// <summary>Default storage quota per user (per-user overrides come with administration).</summary>
    [Range(0, long.MaxValue)]
    public long StorageQuotaBytes { get; set; } = 10L * 1024 * 1024 * 1024;

    /// <summary>Files up to this size are profiled before the upload returns; larger ones by a background job.</summary>
    [Range(0, long.MaxValue)]
    public long ProfileInlineBytes { get; set; } = 10L * 1024 * 1024;
}
