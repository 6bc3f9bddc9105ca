using System.Text.RegularExpressions;
using Portal.Training.Data;
using Portal.Training.Specification;

namespace Portal.Training.Text;

/// <summary>
/// What makes a labelled-text corpus unusable before anything trains, each named so the user can fix it in the file:
/// a text column that is mostly empty, labels with a single text, labels that differ only by case or spacing, and texts
/// that are all the same. Training checks the whole table; the new-run flow checks what the upload's profile shows
/// with the same problems.
/// </summary>
public static partial class TextDataChecks
{
    /// <summary>More than this share of labelled rows without text is refused.</summary>
    public const double MostlyEmpty = 0.5;

    public static IEnumerable<SettingProblem> Check(TextSpecification spec, TabularData data)
    {
        var texts = data.Column(spec.TextColumn);
        var labels = data.Column(spec.LabelColumn);
        var labelled = Enumerable.Range(0, data.RowCount).Where(r => !TabularData.IsMissing(labels[r])).ToList();
        var empty = labelled.Count(r => string.IsNullOrWhiteSpace(texts[r]));
        if (labelled.Count > 0 && empty > MostlyEmpty * labelled.Count)
        {
            yield return Empty(spec.TextColumn, empty, labelled.Count);
        }

        var withText = labelled.Where(r => !string.IsNullOrWhiteSpace(texts[r])).ToList();
        if (withText.Count >= 2 && withText.Select(r => texts[r]!.Trim()).Distinct(StringComparer.Ordinal).Count() == 1)
        {
            yield return Identical(spec.TextColumn);
        }

        var counts = withText.GroupBy(r => labels[r]!.Trim(), StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count());
        if (Variants(counts.Keys) is { Count: > 0 } variants)
        {
            yield return LabelVariants(variants);
        }

        var single = counts.Where(c => c.Value == 1).Select(c => c.Key).Order(StringComparer.Ordinal).ToList();
        if (single.Count > 0 && counts.Count >= 2)
        {
            yield return SingleText(single);
        }
    }

    public static SettingProblem Empty(string column, long empty, long rows) => new("TextColumn", "Text.MostlyEmpty",
        $"{empty} of the {rows} labelled rows have no text in '{column}'; is it the right column?", column, empty, rows);

    public static SettingProblem Identical(string column) => new("TextColumn", "Text.AllIdentical",
        $"Every text in '{column}' is the same; there is nothing to learn from.", column);

    public static SettingProblem LabelVariants(IReadOnlyList<List<string>> variants)
    {
        var named = string.Join("; ", variants.Take(5).Select(v => string.Join(" / ", v.Select(l => $"'{l}'"))));
        return new("LabelColumn", "Label.Variants",
            $"Some labels differ only by case or spaces ({named}); write each label one way.", named);
    }

    public static SettingProblem SingleText(IReadOnlyList<string> labels)
    {
        var named = string.Join(", ", labels.Take(5).Select(l => $"'{l}'")) + (labels.Count > 5 ? $" and {labels.Count - 5} more" : "");
        return new("LabelColumn", "Label.SingleText",
            $"{labels.Count} labels have only one text ({named}): a label needs at least two, one to learn from and one to test; " +
                "merge or remove them.", labels.Count, named);
    }

    /// <summary>Groups of labels that are the same once lower-cased with their spacing collapsed.</summary>
    public static List<List<string>> Variants(IEnumerable<string> labels) =>
        labels.GroupBy(l => Spaces().Replace(l.Trim(), " ").ToLowerInvariant(), StringComparer.Ordinal)
            .Where(g => g.Count() > 1).Select(g => g.Order(StringComparer.Ordinal).ToList()).OrderBy(g => g[0], StringComparer.Ordinal)
            .ToList();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();
}
