using System.Text;
using Portal.Training.Specification;
using Portal.Training.Text;
using Portal.Training.Trainers;

namespace Portal.Training.Tests;

/// <summary>The text Auto, class weighting, the interval of the headline and the row-wise optimiser of the n-gram models.</summary>
public class TextSelectionTests
{
    /// <summary>
    /// Three labels at 20:2:1 whose only evidence is a word that appears in a third of each label's texts among shared
    /// filler: unweighted, the rare labels are outvoted; the proposal weights them and the rare labels are found.
    /// </summary>
    private static string Imbalanced(int rows, int seed)
    {
        var random = new Random(seed);
        var filler = new[] { "report", "city", "trade", "meeting", "data", "policy", "today", "government", "residents", "plan" };
        var cue = new Dictionary<string, string[]>
        {
            ["common"] = ["routine", "schedule", "regular"], ["rarer"] = ["flood", "storm", "drought"], ["rarest"] = ["fraud", "bribe", "scandal"],
        };
        var text = new StringBuilder("text,label\n");
        for (var i = 0; i < rows; i++)
        {
            var pick = random.Next(23);
            var label = pick < 20 ? "common" : pick < 22 ? "rarer" : "rarest";
            var words = Enumerable.Range(0, 8).Select(_ => filler[random.Next(filler.Length)]).ToList();
            words.Insert(random.Next(words.Count), cue[label][random.Next(3)]);
            text.Append(string.Join(' ', words)).Append(',').Append(label).Append('\n');
        }

        return text.ToString();
    }

    [Fact]
    public void On_an_imbalanced_corpus_the_proposal_weights_the_classes_and_auto_finds_the_rare_ones()
    {
        var data = SyntheticTables.FromText(Imbalanced(4_000, seed: 5));
        using var work = new WorkFolder();
        var spec = TextDefaults.Propose(data, "text", "label");

        var result = TextTrainer.Train(spec, data, new TrainingOptions { WorkFolder = work.Path });

        Assert.True(spec.Hyperparameters.BalanceClasses);
        Assert.Equal(TextModel.Auto, spec.Model);
        Assert.True(result.Balanced);
        Assert.InRange(result.Imbalance, 8, 30);
        Assert.Equal(TextModelSelection.Candidates, result.Candidates.Select(c => c.Model));
        Assert.Equal(0, result.Folds); // 3,400 training and validation texts: compared on the validation split
        Assert.Contains(result.Model, TextModelSelection.Candidates);
        Assert.True(result.Scores.MacroF1 > 0.9, $"macro-F1 {result.Scores.MacroF1:F3}");
        Assert.True(result.Baseline.MacroF1 < 0.35);
        Assert.All(result.Scores.PerClass, c => Assert.True(c.Recall > 0.8, $"{c.Class} recall {c.Recall:F2}"));
        var interval = Assert.IsType<Portal.Training.Metrics.ScoreInterval>(result.MacroF1Interval);
        Assert.InRange(result.Scores.MacroF1, interval.Low, interval.High);
        Assert.Equal(result.Split.Test.Length, interval.Rows);
    }

    [Fact]
    public void A_small_corpus_is_cross_validated_and_its_score_has_a_wide_interval()
    {
        var data = SyntheticTables.FromText(SyntheticText.Csv(240, seed: 8));
        using var work = new WorkFolder();
        var phases = new HashSet<string?>();
        var reports = new List<TrainingProgress>();

        var result = TextTrainer.Train(
            TextDefaults.Propose(data, "text", "sentiment"), data,
            new TrainingOptions { WorkFolder = work.Path, Progress = p => { phases.Add(p.Phase); reports.Add(p); } });

        Assert.Equal(TextModelSelection.Folds, result.Folds);
        Assert.All(result.Candidates, c => Assert.NotNull(c.FoldSpread));
        Assert.Contains("cv-tfidflinear", phases);
        Assert.Contains("cv-bagofembeddings", phases);
        // The time left counts the ten fold trainings and the final one, not only the training under way.
        var firstFold = reports.First(p => p.Phase!.StartsWith("cv-", StringComparison.Ordinal) && p.Remaining is not null);
        var final = reports.Last(p => !p.Phase!.StartsWith("cv-", StringComparison.Ordinal));
        Assert.True(firstFold.Remaining > 8 * firstFold.Elapsed, $"{firstFold.Remaining} left after {firstFold.Elapsed}");
        Assert.True(final.Remaining < firstFold.Remaining);
        var interval = result.MacroF1Interval!;
        Assert.True(interval.High - interval.Low > 0.02, $"{interval.Low:F3}–{interval.High:F3} on {interval.Rows} texts");
        Assert.True(result.Scores.MacroF1 > 0.8, $"macro-F1 {result.Scores.MacroF1:F3}");
    }

    [Fact]
    public void The_tfidf_model_resumes_exactly_where_an_uninterrupted_run_ends()
    {
        var data = SyntheticTables.FromText(SyntheticText.Csv(1_200, seed: 9));
        var spec = new TextSpecification
        {
            TextColumn = "text", LabelColumn = "sentiment", Model = TextModel.TfIdfLinear,
            Hyperparameters = new TextSpecification { TextColumn = "", LabelColumn = "" }.Hyperparameters with { Epochs = 4, Patience = 10 },
        };
        using var whole = new WorkFolder();
        using var interrupted = new WorkFolder();

        var uninterrupted = TextTrainer.Train(spec, data, new TrainingOptions { WorkFolder = whole.Path });
        var epochs = 0;
        var first = TextTrainer.Train(spec, data, new TrainingOptions
        {
            WorkFolder = interrupted.Path, EpochCompleted = _ => epochs++, ShouldStop = () => epochs >= 2,
        });
        var resumed = TextTrainer.Train(spec, data, new TrainingOptions { WorkFolder = interrupted.Path });

        Assert.Equal(2, first.History.Count);
        Assert.True(resumed.Resumed);
        Assert.Equal(uninterrupted.History.Select(h => h.ValidationLoss), resumed.History.Select(h => h.ValidationLoss));
        Assert.Equal(uninterrupted.TestProbabilities.SelectMany(p => p), resumed.TestProbabilities.SelectMany(p => p));
    }

    [Fact]
    public void The_row_optimiser_changes_only_the_rows_a_batch_used()
    {
        using var table = new TorchSharp.Modules.Parameter(TorchSharp.torch.ones(6, 2), requires_grad: false);
        using var optimizer = new RowAdam(1, table);
        using var ids = TorchSharp.torch.tensor(new long[] { 1, 4 });

        var rows = optimizer.Rows(0, ids);
        rows.sum().backward();
        optimizer.Step(0.1, 0);

        var after = table.data<float>().ToArray();
        Assert.All(new[] { 0, 2, 3, 5 }, r => Assert.Equal([1f, 1f], after[(r * 2)..((r * 2) + 2)]));
        Assert.All(new[] { 1, 4 }, r => Assert.All(after[(r * 2)..((r * 2) + 2)], v => Assert.Equal(0.9f, v, 4)));
    }

    [Theory]
    [InlineData("Text.MostlyEmpty", "TextColumn")]
    [InlineData("Text.AllIdentical", "TextColumn")]
    [InlineData("Label.Variants", "LabelColumn")]
    [InlineData("Label.SingleText", "LabelColumn")]
    public void A_corpus_that_cannot_train_is_refused_with_what_is_wrong(string code, string setting)
    {
        var rows = Enumerable.Range(0, 40).Select(i => code switch
        {
            "Text.MostlyEmpty" => (i % 4 == 0 ? $"text number {i}" : "", i % 2 == 0 ? "a" : "b"),
            "Text.AllIdentical" => ("the same words", i % 2 == 0 ? "a" : "b"),
            "Label.Variants" => ($"text number {i}", i % 3 == 0 ? "Positive" : i % 3 == 1 ? "positive " : "negative"),
            _ => ($"text number {i}", i == 0 ? "lonely" : i % 2 == 0 ? "a" : "b"),
        });
        var data = SyntheticTables.FromText("text,label\n" + string.Concat(rows.Select(r => $"\"{r.Item1}\",{r.Item2}\n")));
        var spec = new TextSpecification { TextColumn = "text", LabelColumn = "label" };

        var problem = Assert.Single(TextTrainer.Validate(spec, data), p => p.Code == code);
        using var work = new WorkFolder();
        var refused = Assert.Throws<InvalidSpecificationException>(() => TextTrainer.Train(spec, data, new TrainingOptions { WorkFolder = work.Path }));

        Assert.Equal(setting, problem.Setting);
        Assert.Contains(refused.Problems, p => p.Code == code);
        Assert.False(Directory.Exists(work.Path)); // nothing trained, nothing written
        var expected = code switch
        {
            "Text.MostlyEmpty" => "30 of the 40 labelled rows have no text",
            "Text.AllIdentical" => "Every text in 'text' is the same",
            "Label.Variants" => "'Positive' / 'positive'",
            _ => "1 labels have only one text ('lonely')",
        };
        Assert.Contains(expected, problem.Message);
    }
}

public class TrainingEstimateTests
{
    [Fact]
    public void Auto_on_a_small_corpus_is_estimated_for_every_fold_and_a_large_one_for_each_candidate()
    {
        var small = TrainingEstimate.Text(TextDefaults.Propose(1_000, "text", "label"), 1_000);
        var large = TrainingEstimate.Text(TextDefaults.Propose(20_000, "text", "label"), 20_000);
        var one = TrainingEstimate.Text(TextDefaults.Propose(20_000, "text", "label") with { Model = TextModel.TfIdfLinear }, 20_000);

        // 11 trainings of 700 texts against 2 of 14,000 and 1 of 14,000.
        Assert.InRange(small.TotalSeconds, 1 + (11 * 0.5), 30);
        Assert.Equal(2, (large.TotalSeconds - 1) / (one.TotalSeconds - 1), 3);
    }

    [Fact]
    public void An_entity_run_counts_the_epochs_early_stopping_usually_reaches_not_every_epoch_allowed()
    {
        var spec = Portal.Training.Entities.EntityDefaults.Propose(100_000);
        var estimate = TrainingEstimate.Entities(spec, 970_000);
        var longer = TrainingEstimate.Entities(spec with { Hyperparameters = spec.Hyperparameters with { Epochs = 100 } }, 970_000);

        Assert.Equal(estimate, longer); // patience, not the epoch limit, decides
        Assert.InRange(estimate.TotalMinutes, 3, 8); // the benchmark's run took 4.6 minutes
    }
}
