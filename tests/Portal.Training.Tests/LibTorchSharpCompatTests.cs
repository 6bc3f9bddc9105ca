using Portal.Build;

namespace Portal.Training.Tests;

/// <summary>The build-time fix of docs/decisions/0003: checked on the real TorchSharp native library.</summary>
public class LibTorchSharpCompatTests
{
    private static string OutputCopy => Path.Combine(AppContext.BaseDirectory, "runtimes", "linux-x64", "native", "libLibTorchSharp.so");

    private static string PackageOriginal
    {
        get
        {
            var root = Environment.GetEnvironmentVariable("NUGET_PACKAGES")
                ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
            return Path.Combine(root, "torchsharp", "0.107.0", "runtimes", "linux-x64", "native", "libLibTorchSharp.so");
        }
    }

    [Fact]
    public void Original_library_needs_the_newer_libstdcxx_and_the_patch_removes_only_that_need()
    {
        if (!OperatingSystem.IsLinux())
        {
            return; // the fix concerns the Linux native library only
        }

        var original = File.ReadAllBytes(PackageOriginal);
        Assert.True(LibStdCxxVersionNeed.NeedsVersion(original, "GLIBCXX_3.4.32"));

        var patched = LibStdCxxVersionNeed.Patch(original);

        Assert.NotNull(patched);
        Assert.False(LibStdCxxVersionNeed.NeedsVersion(patched, "GLIBCXX_3.4.32"));
        Assert.True(LibStdCxxVersionNeed.NeedsVersion(patched, "GLIBCXX_3.4.30"));
        Assert.Equal(original.Length, patched.Length);
        var changedBytes = original.Zip(patched).Count(p => p.First != p.Second);
        Assert.InRange(changedBytes, 1, 8); // one vna_hash and one vna_name, nothing else
        Assert.Null(LibStdCxxVersionNeed.Patch(patched)); // idempotent: nothing left to do
    }

    [Fact]
    public void Build_output_copy_matches_what_this_system_needs_and_the_package_cache_is_untouched()
    {
        if (!OperatingSystem.IsLinux())
        {
            return; // the fix concerns the Linux native library only
        }

        var system = LibStdCxxVersionNeed.FindSystemLibStdCxx();
        Assert.NotNull(system);
        var systemHasNew = LibStdCxxVersionNeed.FileMentions(system, "GLIBCXX_3.4.32");

        var output = File.ReadAllBytes(OutputCopy);

        // Patched only where the system library is too old; left alone on Debian 13, Ubuntu 24.04 and newer.
        Assert.Equal(!systemHasNew, !LibStdCxxVersionNeed.NeedsVersion(output, "GLIBCXX_3.4.32"));
        Assert.True(LibStdCxxVersionNeed.NeedsVersion(File.ReadAllBytes(PackageOriginal), "GLIBCXX_3.4.32"));
    }
}
