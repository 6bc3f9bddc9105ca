using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Portal.Core.Features.Storage;

/// <summary>Content-addressed files under the artefact folder: blobs/ab/abcdef… by SHA-256, written once, shared by identical
/// uploads.</summary>
public sealed class ArtefactStore(IOptions<StorageOptions> options, IHostEnvironment environment)
{
    public string Root => options.Value.ResolveArtefactsPath(environment.ContentRootPath);

    public string BlobPath(string sha256) => Path.Combine(Root, "blobs", sha256[..2], sha256);

    public string NewTemporaryFile()
    {
        var folder = Path.Combine(Root, "incoming");
        Directory.CreateDirectory(folder);
        return Path.Combine(folder, Guid.NewGuid().ToString("N"));
    }

    /// <summary>Moves a verified temporary file into the store, unless identical bytes are already there.</summary>
    public void Keep(string temporaryFile, string sha256)
    {
        var target = BlobPath(sha256);
        if (File.Exists(target))
        {
            File.Delete(temporaryFile);
            return;
        }

        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        File.Move(temporaryFile, target);
    }
}
