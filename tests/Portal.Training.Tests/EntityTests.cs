using System.Text;
using Portal.Formats;
using Portal.Training.Entities;
using Portal.Training.Trainers;

namespace Portal.Training.Tests;

public class EntityTests
{
    private static readonly string[][] People = [["Maria", "Gonzalez"], ["Li", "Wei"], ["Amina", "Diallo"], ["John", "Smith"], ["Olga", "Petrova"], ["Kenji", "Sato"], ["Fatima"], ["Pedro"]];
    private static readonly string[][] Places = [["Geneva"], ["Nairobi"], ["Beijing"], ["New", "York"], ["Buenos", "Aires"], ["Jakarta"], ["Oslo"]];
    private static readonly string[][] Organisations = [["World", "Bank"], ["UNICEF"], ["African", "Union"], ["Red", "Cross"], ["WTO"], ["Ministry", "of", "Health"]];

    /// <summary>News-like sentences from templates; names drawn from small lists.</summary>
    private static string Corpus(int sentences, int seed)
    {
        var random = new Random(seed);
        var text = new StringBuilder("-DOCSTART- O\n\n");
        string[][] templates =
        [
            ["PER", "met", "PER", "in", "LOC", "on", "Monday", "."],
            ["ORG", "opened", "an", "office", "in", "LOC", "."],
            ["The", "minister", "of", "LOC", ",", "PER", ",", "visited", "ORG", "."],
            ["Officials", "from", "ORG", "said", "the", "talks", "in", "LOC", "went", "well", "."],
            ["PER", "will", "lead", "the", "ORG", "delegation", "."],
        ];
        for (var s = 0; s < sentences; s++)
        {
            foreach (var slot in templates[random.Next(templates.Length)])
            {
                var names = slot switch { "PER" => People, "LOC" => Places, "ORG" => Organisations, _ => null };
                if (names is null)
                {
                    text.Append(slot).Append(" O\n");
                    continue;
                }

                var name = names[random.Next(names.Length)];
                for (var i = 0; i < name.Length; i++)
                {
                    text.Append(name[i]).Append(i == 0 ? " B-" : " I-").Append(slot).Append('\n');
                }
            }

            text.Append('\n');
        }

        return text.ToString();
    }

    [Fact]
    public void The_tagger_with_a_crf_finds_entities_in_held_out_sentences()
    {
        var corpus = ConllReader.Parse(Corpus(600, seed: 51).Split('\n'));
        using var work = new WorkFolder();

        var result = EntityTrainer.Train(new EntitySpecification(), corpus, new TrainingOptions { WorkFolder = work.Path });

        Assert.True(result.Scores.F1 > 0.9, $"entity F1 {result.Scores.F1:F3}");
        Assert.Equal(["LOC", "ORG", "PER"], result.Scores.PerType.Select(t => t.Type));
        Assert.True(result.Scores.F1 > result.Baseline.F1);
        Assert.NotEmpty(result.Examples);
    }

    [Fact]
    public void The_gru_tagger_without_crf_learns_too()
    {
        var corpus = ConllReader.Parse(Corpus(400, seed: 52).Split('\n'));
        using var work = new WorkFolder();

        var result = EntityTrainer.Train(new EntitySpecification { Model = TaggerModel.BiGru, UseCrf = false }, corpus, new TrainingOptions { WorkFolder = work.Path });

        Assert.True(result.Scores.F1 > 0.85, $"entity F1 {result.Scores.F1:F3}");
    }

    [Fact]
    public void Spans_are_read_the_conlleval_way()
    {
        Assert.Equal([new EntitySpan("PER", 0, 2), new EntitySpan("LOC", 3, 4)], EntityMetrics.Spans(["B-PER", "I-PER", "O", "B-LOC"]));
        // An I- after O or after another type opens a new span; B- after B- of the same type starts a second one.
        Assert.Equal([new EntitySpan("PER", 1, 2), new EntitySpan("LOC", 2, 3)], EntityMetrics.Spans(["O", "I-PER", "I-LOC"]));
        Assert.Equal([new EntitySpan("ORG", 0, 1), new EntitySpan("ORG", 1, 3)], EntityMetrics.Spans(["B-ORG", "B-ORG", "I-ORG"]));
    }

    [Fact]
    public void Entity_scores_need_exact_spans_and_match_hand_computed_values()
    {
        IReadOnlyList<string>[] gold = [["B-PER", "I-PER", "O", "B-LOC"], ["B-ORG", "O"]];
        IReadOnlyList<string>[] predicted = [["B-PER", "O", "O", "B-LOC"], ["B-ORG", "B-PER"]];

        var scores = EntityMetrics.Score(gold, predicted);

        // gold: PER(0-2), LOC, ORG; predicted: PER(0-1) wrong span, LOC, ORG, PER extra → 2 of 4 predicted right, 2 of 3 gold found.
        Assert.Equal(0.5, scores.Precision, 12);
        Assert.Equal(2 / 3.0, scores.Recall, 12);
        Assert.Equal(2 * 0.5 * (2 / 3.0) / (0.5 + 2 / 3.0), scores.F1, 12);
        var per = scores.PerType.Single(t => t.Type == "PER");
        Assert.Equal((0.0, 0.0, 1), (per.Precision, per.F1, per.Support));
        Assert.Equal((0 + 1 + 1) / 3.0, scores.MacroF1, 12);
    }

    [Fact]
    public void The_reader_skips_docstart_reports_bad_lines_and_counts_invalid_transitions()
    {
        var corpus = ConllReader.Parse(["-DOCSTART- -X- O O", "", "Li B-PER", "Wei I-PER", "visited", "Oslo I-LOC", "today X-DATE", "", "Geneva B-LOC", ""]);

        Assert.Equal(2, corpus.Sentences.Count);
        Assert.Equal(["Li", "Wei", "Oslo"], corpus.Sentences[0].Tokens);
        Assert.Equal([5, 7], corpus.Problems.Select(p => p.Line));
        Assert.Equal(["Conll.MissingTag", "Conll.BadTag"], corpus.Problems.Select(p => p.Code));
        Assert.Equal(1, corpus.InvalidTransitions); // I-LOC after I-PER
        Assert.Equal("I-LOC", corpus.Sentences[0].Tags[2]); // counted and shown, not silently fixed
    }

    [Fact]
    public void Bioes_and_iob1_files_are_converted_to_bio()
    {
        var bioes = ConllReader.Parse(["New B-LOC", "York E-LOC", "and O", "Oslo S-LOC", ""]);
        var iob1 = ConllReader.Parse(["New I-LOC", "York I-LOC", "Oslo B-LOC", "and O", "Li I-PER", ""]);

        Assert.Equal(["B-LOC", "I-LOC", "O", "B-LOC"], bioes.Sentences[0].Tags);
        Assert.Equal(["B-LOC", "I-LOC", "B-LOC", "O", "B-PER"], iob1.Sentences[0].Tags);
        Assert.Equal(0, iob1.InvalidTransitions);
    }
}
