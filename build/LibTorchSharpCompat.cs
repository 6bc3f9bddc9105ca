// Build-time fix for TorchSharp 0.107 on Debian 12 (see docs/decisions/0003-libtorchsharp-on-debian-12.md).
// Compiled twice: as an MSBuild inline task (Directory.Build.targets) and into Portal.Training.Tests (PORTAL_TESTS).
#nullable enable
using System;
using System.Collections.Generic;
using System.IO;
using System.Text;

namespace Portal.Build
{
    /// <summary>
    /// libLibTorchSharp.so was linked against GCC 13's libstdc++ and declares a need for GLIBCXX_3.4.32 for one symbol
    /// that nothing calls. Older loaders refuse the whole file. This retargets that one version-need entry to the
    /// GLIBCXX_3.4.30 entry the file already needs, in a copy, leaving everything else untouched.
    /// </summary>
    public static class LibStdCxxVersionNeed
    {
        public const string NewVersion = "GLIBCXX_3.4.32";
        public const string Library = "libstdc++.so.6";
        private const uint ShtGnuVerneed = 0x6ffffffe;

        public static readonly string[] SystemLibraryCandidates =
        {
            "/usr/lib/x86_64-linux-gnu/libstdc++.so.6",
            "/lib/x86_64-linux-gnu/libstdc++.so.6",
            "/usr/lib/aarch64-linux-gnu/libstdc++.so.6",
            "/usr/lib64/libstdc++.so.6",
            "/usr/lib/libstdc++.so.6",
        };

        /// <summary>The system libstdc++, or null when none is found at the usual places (not Linux, or unusual layout).</summary>
        public static string? FindSystemLibStdCxx()
        {
            foreach (var candidate in SystemLibraryCandidates)
            {
                if (File.Exists(candidate))
                {
                    return candidate;
                }
            }

            return null;
        }

        public static bool FileMentions(string path, string text)
        {
            var needle = Encoding.ASCII.GetBytes(text);
            var bytes = File.ReadAllBytes(path);
            return IndexOf(bytes, needle) >= 0;
        }

        /// <summary>True when the ELF file declares that it needs <paramref name="version"/> from libstdc++.so.6.</summary>
        public static bool NeedsVersion(byte[] elf, string version)
        {
            foreach (var aux in ReadLibStdCxxNeeds(elf))
            {
                if (aux.Name == version)
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>Returns the patched bytes, or null when there is nothing to patch (already patched or never needed).</summary>
        public static byte[]? Patch(byte[] elf, string donorVersion = "GLIBCXX_3.4.30")
        {
            Aux? target = null;
            Aux? donor = null;
            foreach (var aux in ReadLibStdCxxNeeds(elf))
            {
                if (aux.Name == NewVersion) target = aux;
                if (aux.Name == donorVersion) donor = aux;
            }

            if (target is null)
            {
                return null;
            }

            if (donor is null)
            {
                throw new InvalidDataException($"The file needs {NewVersion} but has no {donorVersion} entry to retarget it to.");
            }

            var copy = (byte[])elf.Clone();
            WriteU32(copy, target.Offset + 0, donor.Hash);
            WriteU32(copy, target.Offset + 8, donor.NameOffset);
            return copy;
        }

        private sealed class Aux
        {
            public long Offset;
            public uint Hash;
            public uint NameOffset;
            public string Name = "";
        }

        private static List<Aux> ReadLibStdCxxNeeds(byte[] elf)
        {
            if (elf.Length < 64 || elf[0] != 0x7f || elf[1] != (byte)'E' || elf[2] != (byte)'L' || elf[3] != (byte)'F')
            {
                throw new InvalidDataException("Not an ELF file.");
            }

            if (elf[4] != 2 || elf[5] != 1)
            {
                throw new InvalidDataException("Only 64-bit little-endian ELF files are supported.");
            }

            var shoff = (long)ReadU64(elf, 0x28);
            var shentsize = ReadU16(elf, 0x3A);
            var shnum = ReadU16(elf, 0x3C);
            var result = new List<Aux>();
            for (var i = 0; i < shnum; i++)
            {
                var sh = shoff + (long)i * shentsize;
                if (ReadU32(elf, sh + 4) != ShtGnuVerneed)
                {
                    continue;
                }

                var offset = (long)ReadU64(elf, sh + 24);
                var link = ReadU32(elf, sh + 40);
                var count = ReadU32(elf, sh + 44);
                var strtab = (long)ReadU64(elf, shoff + (long)link * shentsize + 24);

                var need = offset;
                for (var n = 0; n < count; n++)
                {
                    var auxCount = ReadU16(elf, need + 2);
                    var file = ReadString(elf, strtab + ReadU32(elf, need + 4));
                    var aux = need + ReadU32(elf, need + 8);
                    for (var a = 0; a < auxCount; a++)
                    {
                        if (file == Library)
                        {
                            var nameOffset = ReadU32(elf, aux + 8);
                            result.Add(new Aux { Offset = aux, Hash = ReadU32(elf, aux), NameOffset = nameOffset, Name = ReadString(elf, strtab + nameOffset) });
                        }

                        aux += ReadU32(elf, aux + 12);
                    }

                    var next = ReadU32(elf, need + 12);
                    if (next == 0) break;
                    need += next;
                }
            }

            return result;
        }

        private static ushort ReadU16(byte[] b, long o) => (ushort)(b[o] | b[o + 1] << 8);
        private static uint ReadU32(byte[] b, long o) => (uint)(b[o] | b[o + 1] << 8 | b[o + 2] << 16 | b[o + 3] << 24);
        private static ulong ReadU64(byte[] b, long o) => ReadU32(b, o) | (ulong)ReadU32(b, o + 4) << 32;

        private static void WriteU32(byte[] b, long o, uint v)
        {
            b[o] = (byte)v; b[o + 1] = (byte)(v >> 8); b[o + 2] = (byte)(v >> 16); b[o + 3] = (byte)(v >> 24);
        }

        private static string ReadString(byte[] b, long o)
        {
            var end = o;
            while (end < b.Length && b[end] != 0) end++;
            return Encoding.ASCII.GetString(b, (int)o, (int)(end - o));
        }

        private static int IndexOf(byte[] haystack, byte[] needle)
        {
            for (var i = 0; i <= haystack.Length - needle.Length; i++)
            {
                var j = 0;
                while (j < needle.Length && haystack[i + j] == needle[j]) j++;
                if (j == needle.Length) return i;
            }

            return -1;
        }

        /// <summary>
        /// Patches <paramref name="path"/> in place by writing a new file and moving it over the old one, so that a
        /// hard link into the NuGet cache is replaced rather than written through. Returns what it did, for the build log.
        /// </summary>
        public static string PatchFile(string path)
        {
            var bytes = File.ReadAllBytes(path);
            var patched = Patch(bytes);
            if (patched is null)
            {
                return "already compatible";
            }

            var temp = path + ".patching";
            File.WriteAllBytes(temp, patched);
            // Delete-then-move (not an overwrite in place): the old name may be a hard link into the NuGet cache.
            File.Delete(path);
            File.Move(temp, path);
            return "retargeted " + NewVersion + " to GLIBCXX_3.4.30";
        }
    }

#if !PORTAL_TESTS
    public sealed class PatchLibTorchSharp : Microsoft.Build.Utilities.Task
    {
        [Microsoft.Build.Framework.Required]
        public string[] Files { get; set; } = Array.Empty<string>();

        public override bool Execute()
        {
            var system = LibStdCxxVersionNeed.FindSystemLibStdCxx();
            if (system is null || LibStdCxxVersionNeed.FileMentions(system, LibStdCxxVersionNeed.NewVersion))
            {
                return true; // the system libstdc++ is new enough (or this is not a glibc Linux): nothing to fix
            }

            foreach (var file in Files)
            {
                if (!File.Exists(file)) continue;
                var outcome = LibStdCxxVersionNeed.PatchFile(file);
                Log.LogMessage(Microsoft.Build.Framework.MessageImportance.Normal, "libLibTorchSharp: {0}: {1} (system {2} lacks {3})", file, outcome, system, LibStdCxxVersionNeed.NewVersion);
            }

            return true;
        }
    }
#endif
}
