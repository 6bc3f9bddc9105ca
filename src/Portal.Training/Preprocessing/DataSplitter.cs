using Portal.Training.Specification;

namespace Portal.Training.Preprocessing;

public sealed record DataSplit(int[] Train, int[] Validation, int[] Test);

/// <summary>Seeded train/validation/test split; stratified by class when strata are given, so each split keeps the class balance.</summary>
public static class DataSplitter
{
    public static DataSplit Split(IReadOnlyList<int> rows, IReadOnlyList<string>? strata, SplitSettings settings)
    {
        var random = new Random(settings.Seed);
        var groups = strata is null
            ? [rows.ToList()]
            : rows.Select((row, i) => (row, stratum: strata[i])).GroupBy(p => p.stratum, StringComparer.Ordinal)
                .OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => g.Select(p => p.row).ToList()).ToList();

        var train = new List<int>();
        var validation = new List<int>();
        var test = new List<int>();
        foreach (var group in groups)
        {
            var shuffled = group.ToArray();
            random.Shuffle(shuffled);
            var testCount = (int)Math.Round(shuffled.Length * settings.TestFraction);
            var validationCount = (int)Math.Round(shuffled.Length * settings.ValidationFraction);
            if (shuffled.Length - testCount - validationCount < 1)
            {
                // A class too small to share: keep it in training, where it is needed most.
                train.AddRange(shuffled);
                continue;
            }

            test.AddRange(shuffled[..testCount]);
            validation.AddRange(shuffled[testCount..(testCount + validationCount)]);
            train.AddRange(shuffled[(testCount + validationCount)..]);
        }

        return new DataSplit([.. train.Order()], [.. validation.Order()], [.. test.Order()]);
    }
}
