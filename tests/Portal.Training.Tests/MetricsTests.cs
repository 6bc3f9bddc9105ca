using Portal.Training.Metrics;

namespace Portal.Training.Tests;

public class MetricsTests
{
    [Fact]
    public void Regression_scores_match_hand_computed_values()
    {
        double[] actual = [3, -0.5, 2, 7];
        double[] predicted = [2.5, 0.0, 2, 8];

        var scores = RegressionMetrics.Score(actual, predicted);

        // errors 0.5, -0.5, 0, -1: MSE 0.375, MAE 0.5; mean 2.875, total SS 29.1875
        Assert.Equal(Math.Sqrt(0.375), scores.Rmse, 12);
        Assert.Equal(0.5, scores.Mae, 12);
        Assert.Equal(1 - 1.5 / 29.1875, scores.RSquared, 12);
        Assert.Equal(100 * (0.5 / 3 + 0.5 / 0.5 + 0 + 1 / 7.0) / 4, scores.Mape!.Value, 12);
    }

    [Fact]
    public void Mape_is_absent_when_every_actual_value_is_zero()
    {
        Assert.Null(RegressionMetrics.Score([0.0, 0.0], [1.0, -1.0]).Mape);
    }

    [Fact]
    public void Classification_scores_match_hand_computed_values()
    {
        string[] classes = ["cat", "dog", "fox"];
        int[] actual = [0, 0, 1, 1, 1, 2];
        int[] predicted = [0, 1, 1, 1, 0, 2];

        var scores = ClassificationMetrics.Score(classes, actual, predicted);

        Assert.Equal(4 / 6.0, scores.Accuracy, 12);
        Assert.Equal([[1, 1, 0], [1, 2, 0], [0, 0, 1]], scores.ConfusionMatrix);
        var cat = scores.PerClass[0]; // precision 1/2, recall 1/2
        var dog = scores.PerClass[1]; // precision 2/3, recall 2/3
        Assert.Equal((0.5, 0.5, 0.5, 2), (cat.Precision, cat.Recall, cat.F1, cat.Support));
        Assert.Equal(2 / 3.0, dog.F1, 12);
        Assert.Equal((0.5 + 2 / 3.0 + 1) / 3, scores.MacroF1, 12);
        Assert.Equal((0.5 * 2 + 2 / 3.0 * 3 + 1 * 1) / 6, scores.WeightedF1, 12);
        Assert.Null(scores.RocAuc);
    }

    [Fact]
    public void Auc_and_log_loss_match_hand_computed_values()
    {
        string[] classes = ["no", "yes"];
        int[] actual = [0, 0, 1, 1];
        double[][] probabilities = [[0.9, 0.1], [0.6, 0.4], [0.65, 0.35], [0.2, 0.8]];

        var scores = ClassificationMetrics.Score(classes, actual, [0, 0, 0, 1], probabilities);

        // Pairs (positive, negative): (0.35 vs 0.1 ✓, 0.35 vs 0.4 ✗, 0.8 vs both ✓) → 3/4
        Assert.Equal(0.75, scores.RocAuc!.Value, 12);
        Assert.Equal(-(Math.Log(0.9) + Math.Log(0.6) + Math.Log(0.35) + Math.Log(0.8)) / 4, scores.LogLoss!.Value, 12);
    }

    [Fact]
    public void Tied_scores_count_half_in_the_auc()
    {
        Assert.Equal(0.5, ClassificationMetrics.BinaryAuc([true, false], [0.5, 0.5]));
        Assert.Null(ClassificationMetrics.BinaryAuc([true, true], [0.1, 0.9]));
    }
}

public class HeadlineIntervalTests
{
    [Fact]
    public void Bootstrap_intervals_hold_the_score_and_narrow_as_the_test_part_grows()
    {
        var random = new Random(4);
        double[] Actual(int n) => Enumerable.Range(0, n).Select(i => (double)i).ToArray();
        double[] Noisy(double[] actual) => actual.Select(a => a + 10 * (random.NextDouble() - 0.5)).ToArray();
        var (small, large) = (Actual(20), Actual(400));

        var few = Portal.Training.Metrics.Bootstrap.RSquared(small, Noisy(small), seed: 1)!;
        var many = Portal.Training.Metrics.Bootstrap.RSquared(large, Noisy(large), seed: 1)!;
        var perfect = Portal.Training.Metrics.Bootstrap.Accuracy([0, 1, 1, 0], [0, 1, 1, 0], seed: 1)!;

        Assert.True(few.High - few.Low > many.High - many.Low, $"{few} vs {many}");
        Assert.Equal((1.0, 1.0, 4), (perfect.Low, perfect.High, perfect.Rows));
        Assert.Null(Portal.Training.Metrics.Bootstrap.MeanAbsolute([], seed: 1));
    }

    [Fact]
    public void A_table_run_reports_its_headline_with_an_interval_over_its_test_rows()
    {
        using var work = new WorkFolder();
        var spec = new Portal.Training.Specification.TabularSpecification
        {
            Task = Portal.Training.Specification.TrainingTask.Regression, Target = "trade", Model = Portal.Training.Specification.ModelFamily.Linear,
            Hyperparameters = new Portal.Training.Specification.Hyperparameters { Epochs = 30, WarmupEpochs = 1 },
        };

        var result = Portal.Training.Trainers.TabularTrainer.Train(spec, SyntheticTables.LinearTrade(300), new Portal.Training.Trainers.TrainingOptions { WorkFolder = work.Path });

        var interval = result.HeadlineInterval!;
        Assert.Equal(result.Split.Test.Length, interval.Rows);
        Assert.InRange(result.Regression!.RSquared, interval.Low, interval.High);
        Assert.True(interval.High - interval.Low > 0);
    }
}
