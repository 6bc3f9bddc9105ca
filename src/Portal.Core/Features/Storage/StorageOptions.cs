namespace Portal.Core.Features.Storage;

public sealed class StorageOptions
{
    public const string SectionName = "Storage";

    /// <summary>Folder for the embedded database and, by default, the artefact store. Relative paths are taken from the app's content
    /// root.</summary>
    public string DataDirectory { get; set; } = "data";

    /// <summary>Datasets, checkpoints, models and reports. Empty means "artefacts" inside <see cref="DataDirectory"/>; a shared path when
    /// several hosts work.</summary>
    public string? ArtefactsPath { get; set; }

    public string ResolveDataDirectory(string contentRoot) => Path.GetFullPath(DataDirectory, contentRoot);

    public string ResolveArtefactsPath(string contentRoot) =>
        string.IsNullOrWhiteSpace(ArtefactsPath)
            ? Path.Combine(ResolveDataDirectory(contentRoot), "artefacts")
            : Path.GetFullPath(ArtefactsPath, contentRoot);
}
