namespace Portal.Runs.Planning;

/// <summary>One task-specific setting as pages show it: the setting's name (a Setting.* resource key) and its value.</summary>
public sealed record TaskSetting(string Setting, string Value);

/// <summary>
/// Any run's settings in one shape for the pages that show or compare them (run page, reproducibility box, compare):
/// what it predicts, from which columns, the model, the shared hyperparameters and split, and the task's own settings.
/// </summary>
public sealed record RunSettings(
    string Subject,
    IReadOnlyList<string> Inputs,
    string Model,
    int Seed,
    Hyperparameters Hyperparameters,
    double ValidationFraction,
    double TestFraction,
    IReadOnlyList<TaskSetting> TaskSettings)
{
    public static RunSettings Of(Run run)
    {
        var spec = TaskPlans.Read(run);
        var holdout = spec.Holdout;
        return new(spec.Subject, spec.Inputs, spec.ModelName, holdout.Seed, spec.Hyperparameters,
            holdout.ValidationFraction, holdout.TestFraction, TaskPlans.For(spec).Settings(spec));
    }
}
