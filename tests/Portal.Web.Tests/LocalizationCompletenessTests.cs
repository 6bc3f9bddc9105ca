using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace Portal.Web.Tests;

/// <summary>Every string the portal shows exists in English and in Chinese.</summary>
public sealed partial class LocalizationCompletenessTests
{
    private static readonly string Root = FindRoot();
    private static readonly string ResourceFolder = Path.Combine(Root, "src", "Portal.Web", "Resources", "Features", "Localization");

    [Fact]
    public void English_and_chinese_resources_have_the_same_keys_and_no_empty_values()
    {
        var english = Load("SharedResource.resx");
        var chinese = Load("SharedResource.zh-CN.resx");

        Assert.Empty(english.Keys.Except(chinese.Keys));
        Assert.Empty(chinese.Keys.Except(english.Keys));
        Assert.DoesNotContain(english, e => string.IsNullOrWhiteSpace(e.Value));
        Assert.DoesNotContain(chinese, e => string.IsNullOrWhiteSpace(e.Value));
    }

    [Fact]
    public void Chinese_texts_are_translated_not_copied()
    {
        var english = Load("SharedResource.resx");
        var chinese = Load("SharedResource.zh-CN.resx");

        var untranslated = chinese.Where(c => c.Value == english[c.Key]).Select(c => c.Key).ToList();

        Assert.Empty(untranslated);
    }

    [Fact]
    public void Every_key_the_code_uses_has_a_text()
    {
        var english = Load("SharedResource.resx");
        var source = Directory.EnumerateFiles(Path.Combine(Root, "src", "Portal.Web"), "*.*", SearchOption.AllDirectories)
            .Where(f => (f.EndsWith(".razor", StringComparison.Ordinal) || f.EndsWith(".cs", StringComparison.Ordinal)) && !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Select(File.ReadAllText);

        var used = source.SelectMany(text => KeyPattern().Matches(text).Select(m => m.Groups[1].Value)).Distinct().ToList();
        var missing = used.Where(key => !english.ContainsKey(key)).ToList();

        Assert.True(used.Count > 100, $"Only {used.Count} keys found: is the scan still looking at the right files?");
        Assert.Empty(missing);
    }

    private static Dictionary<string, string> Load(string file) =>
        XDocument.Load(Path.Combine(ResourceFolder, file)).Root!.Elements("data")
            .ToDictionary(d => d.Attribute("name")!.Value, d => d.Element("value")?.Value ?? string.Empty);

    private static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Portal.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("Portal.sln not found");
    }

    // L["Key"], L["Key", args], message keys passed around as "Area.Key" string literals to StatusMessage, and resource-key records.
    [GeneratedRegex("(?:L\\[|Message(?:\\s*=|\\(|Status\\()\\s*|errorMessage = |message = |RedirectTo(?:Current)?\\w*WithStatus\\([^\"]*|new\\(|, )\"((?:[A-Z][A-Za-z0-9]*)(?:\\.[A-Z][A-Za-z0-9]*)+)\"")]
    private static partial Regex KeyPattern();
}
