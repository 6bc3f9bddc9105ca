namespace Portal.Training.Specification;

/// <summary>Checks a specification against its data before anything is trained; every problem names its setting.</summary>
public static class SpecificationValidator
{
    public static IReadOnlyList<SettingProblem> Validate(TabularSpecification spec, Data.TabularData data)
    {
        var problems = ValidateSettings(spec).ToList();
        ValidateAgainstData(spec, data, problems);
        return problems;
    }

    /// <summary>The checks that need no data: every hyperparameter and split setting within its range.</summary>
    public static IReadOnlyList<SettingProblem> ValidateSettings(TabularSpecification spec) =>
        ValidateSettings(spec.Hyperparameters, spec.Split.ValidationFraction, spec.Split.TestFraction);

    /// <summary>The same range checks for any task's hyperparameters and split.</summary>
    public static IReadOnlyList<SettingProblem> ValidateSettings(Hyperparameters h, double validationFraction, double testFraction)
    {
        var problems = new List<SettingProblem>();

        void Range(bool ok, string setting, string rule, params object[] args)
        {
            if (!ok)
            {
                problems.Add(
                    new SettingProblem(
                        setting, "Setting.OutOfRange",
                            $"{setting} must be {string.Format(System.Globalization.CultureInfo.InvariantCulture, rule, args)}.", rule,
                                args));
            }
        }

        Range(h.LearningRate is > 0 and <= 10, "LearningRate", "greater than 0 and at most 10");
        Range(h.Epochs is >= 1 and <= 10_000, "Epochs", "between 1 and 10000");
        Range(h.BatchSize >= 1, "BatchSize", "at least 1");
        Range(h.WeightDecay is >= 0 and <= 1, "WeightDecay", "between 0 and 1");
        Range(h.Momentum is >= 0 and < 1, "Momentum", "at least 0 and below 1");
        Range(h.Dropout is >= 0 and < 1, "Dropout", "at least 0 and below 1");
        Range(h.HiddenLayers is >= 1 and <= 8, "HiddenLayers", "between 1 and 8");
        Range(h.HiddenWidth is >= 1 and <= 4096, "HiddenWidth", "between 1 and 4096");
        Range(h.Patience >= 1, "Patience", "at least 1");
        Range(h.GradientClip > 0, "GradientClip", "greater than 0");
        Range(h.WarmupEpochs >= 0 && h.WarmupEpochs < h.Epochs, "WarmupEpochs", "at least 0 and fewer than the epochs");
        Range(h.StepEvery >= 1, "StepEvery", "at least 1");
        Range(h.StepFactor is > 0 and <= 1, "StepFactor", "greater than 0 and at most 1");
        Range(validationFraction is > 0 and < 0.5, "ValidationFraction", "greater than 0 and below 0.5");
        Range(testFraction is > 0 and < 0.5, "TestFraction", "greater than 0 and below 0.5");
        return problems;
    }

    private static void ValidateAgainstData(TabularSpecification spec, Data.TabularData data, List<SettingProblem> problems)
    {
        var h = spec.Hyperparameters;
        if (!data.HasColumn(spec.Target))
        {
            problems.Add(
                new SettingProblem("Target", "Target.Missing", $"The target column '{spec.Target}' is not in the dataset.", spec.Target));
            return;
        }

        foreach (var feature in spec.Features ?? [])
        {
            if (!data.HasColumn(feature))
            {
                problems.Add(
                    new SettingProblem("Features", "Feature.Missing", $"The feature column '{feature}' is not in the dataset.", feature));
            }
            else if (feature == spec.Target)
            {
                problems.Add(
                    new SettingProblem(
                        "Features", "Feature.IsTarget", $"The target column '{feature}' cannot also be a feature.", feature));
            }
        }

        if (spec.GroupingColumn is { } grouping && !data.HasColumn(grouping))
        {
            problems.Add(
                new SettingProblem(
                    "GroupingColumn", "Grouping.Missing", $"The grouping column '{grouping}' is not in the dataset.", grouping));
        }

        var target = data.Column(spec.Target);
        var present = target.Where(v => !Data.TabularData.IsMissing(v)).ToList();
        if (present.Count == 0)
        {
            problems.Add(
                new SettingProblem("Target", "Target.AllMissing", $"The target column '{spec.Target}' has no values.", spec.Target));
        }
        else if (spec.Task == TrainingTask.Regression)
        {
            var numbers = present.Select(Data.TabularData.ParseNumber).ToList();
            if (numbers.Any(n => n is null))
            {
                problems.Add(
                    new SettingProblem(
                        "Target", "Target.NotNumeric",
                            $"The target column '{spec.Target}' has values that are not numbers; choose classification or another column.",
                                spec.Target));
            }
            else if (numbers.Distinct().Count() < 2)
            {
                problems.Add(
                    new SettingProblem(
                        "Target", "Target.Constant",
                            $"The target column '{spec.Target}' has the same value in every row; there is nothing to predict.",
                                spec.Target));
            }
        }
        else if (present.Distinct(StringComparer.Ordinal).Count() < 2)
        {
            problems.Add(
                new SettingProblem(
                    "Target", "Target.OneClass", $"The target column '{spec.Target}' has fewer than two classes.", spec.Target));
        }

        if (problems.Any(p => p.Setting == "Target"))
        {
            return; // the row counts below mean nothing without a usable target
        }

        var trainingRows = (int)(present.Count * (1 - spec.Split.ValidationFraction - spec.Split.TestFraction));
        if (h.BatchSize > Math.Max(1, trainingRows))
        {
            problems.Add(
                new SettingProblem(
                    "BatchSize", "BatchSize.TooLarge", $"BatchSize ({h.BatchSize}) is larger than the {trainingRows} training rows.",
                        h.BatchSize, trainingRows));
        }

        if (trainingRows < 10)
        {
            problems.Add(
                new SettingProblem(
                    "Target", "Data.TooFewRows",
                        $"There are only {present.Count} rows with a target; at least 20 are needed to train and test.", present.Count));
        }

    }

    public static void EnsureValid(TabularSpecification spec, Data.TabularData data)
    {
        var problems = Validate(spec, data);
        if (problems.Count > 0)
        {
            throw new InvalidSpecificationException(problems);
        }
    }
}
