using System.Text.RegularExpressions;
using Portal.Training.Data;
using Portal.Training.Specification;

namespace Portal.Training.Text;

/// <summary>
/// What makes a labelled-text corpus unusable before anything trains, each named so the user can fix it in the file:
/// a text column that is mostly empty, labels with a single text, labels that differ only by case or spacing, and texts
/// that are all the same.
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
            yield return new SettingProblem("TextColumn", "Text.MostlyEmpty",
                $"{empty} of the {labelled.Count} labelled rows have no text in '{spec.TextColumn}'; is it the right column?",
                    spec.TextColumn, empty, labelled.Count);
        }

        var withText = labelled.Where(r => !string.IsNullOrWhiteSpace(texts[r])).ToList();
        if (withText.Count >= 2 && withText.Select(r => texts[r]!.Trim()).Distinct(StringComparer.Ordinal).Count() == 1)
        {
            yield return new SettingProblem("TextColumn", "Text.AllIdentical",
                $"Every text in '{spec.TextColumn}' is the same; there is nothing to learn from.", spec.TextColumn);
        }

        var counts = withText.GroupBy(r => labels[r]!.Trim(), StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count());
        if (Variants(counts.Keys) is { Count: > 0 } variants)
        {
            var named = string.Join("; ", variants.Take(5).Select(v => string.Join(" / ", v.Select(l => $"'{l}'"))));
            yield return new SettingProblem("LabelColumn", "Label.Variants",
                $"Some labels differ only by case or spaces ({named}); write each label one way.", named);
        }

        var single = counts.Where(c => c.Value == 1).Select(c => c.Key).Order(StringComparer.Ordinal).ToList();
        if (single.Count > 0 && counts.Count >= 2)
        {
            var named = string.Join(", ", single.Take(5).Select(l => $"'{l}'")) + (single.Count > 5 ? $" and {single.Count - 5} more" : "");
            yield return new SettingProblem("LabelColumn", "Label.SingleText",
                $"{single.Count} labels have only one text ({named}): a label needs at least two, one to learn from and one to test; " +
                    "merge or remove them.", single.Count, named);
        }
    }

    /// <summary>Groups of labels that are the same once lower-cased with their spacing collapsed.</summary>
    public static List<List<string>> Variants(IEnumerable<string> labels) =>
        labels.GroupBy(l => Spaces().Replace(l.Trim(), " ").ToLowerInvariant(), StringComparer.Ordinal)
            .Where(g => g.Count() > 1).Select(g => g.Order(StringComparer.Ordinal).ToList()).OrderBy(g => g[0], StringComparer.Ordinal)
            .ToList();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();
}
