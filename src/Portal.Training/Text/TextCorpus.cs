using Portal.Training.Data;
using Portal.Training.Preprocessing;

namespace Portal.Training.Text;

/// <summary>
/// The labelled texts of a run, read once: the rows that have both a text and a label, their split, the classes and
/// each text's atoms. Every candidate model of the run (and every cross-validation fold) trains from this.
/// </summary>
public sealed class TextCorpus
{
    private readonly Dictionary<int, List<string>> atoms;
    private readonly Dictionary<string, int> classIndex;

    private TextCorpus(TextSpecification spec, TabularData data)
    {
        Texts = data.Column(spec.TextColumn);
        var labels = data.Column(spec.LabelColumn);
        Rows = Enumerable.Range(0, data.RowCount).Where(r => !TabularData.IsMissing(labels[r]) && !string.IsNullOrWhiteSpace(Texts[r]))
            .ToList();
        Labels = Rows.ToDictionary(r => r, r => labels[r]!.Trim());
        Split = DataSplitter.Split(Rows, Rows.Select(r => Labels[r]).ToList(), spec.Split);
        Classes = Labels.Values.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        classIndex = Classes.Select((c, i) => (c, i)).ToDictionary(p => p.c, p => p.i, StringComparer.Ordinal);
        atoms = Rows.ToDictionary(r => r, r => TextTokenizer.Atoms(Texts[r]));
        var trainCounts = Split.Train.GroupBy(r => Labels[r]).Select(g => g.Count()).ToList();
        Imbalance = trainCounts.Count == 0 ? 1 : (double)trainCounts.Max() / trainCounts.Min();
        Majority = Split.Train.GroupBy(r => Labels[r]).OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal)
            .First().Key;
        CharacterAtoms = Split.Train.Take(200).Any(r => atoms[r].Any(TextTokenizer.IsCharacter));
    }

    public IReadOnlyList<string?> Texts { get; }

    /// <summary>Rows with a text and a label, in table order.</summary>
    public IReadOnlyList<int> Rows { get; }

    public IReadOnlyDictionary<int, string> Labels { get; }

    public DataSplit Split { get; }

    public IReadOnlyList<string> Classes { get; }

    /// <summary>The largest class of the training split over the smallest.</summary>
    public double Imbalance { get; }

    public string Majority { get; }

    /// <summary>Whether the texts are (partly) written in a script without spaces, read character by character.</summary>
    public bool CharacterAtoms { get; }

    public static TextCorpus Read(TextSpecification spec, TabularData data) => new(spec, data);

    public int ClassOf(int row) => classIndex[Labels[row]];

    public List<string> AtomsOf(int row) => atoms[row];

    /// <summary>Balanced class weights of the training rows given (n / (k · count)), as scikit-learn's class_weight="balanced".</summary>
    public float[] BalancedWeights(IReadOnlyCollection<int> trainRows)
    {
        var counts = new int[Classes.Count];
        foreach (var row in trainRows)
        {
            counts[ClassOf(row)]++;
        }

        return counts.Select(c => c == 0 ? 0f : (float)(trainRows.Count / (double)(Classes.Count * c))).ToArray();
    }
}
