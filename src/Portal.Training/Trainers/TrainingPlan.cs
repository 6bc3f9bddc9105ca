namespace Portal.Training.Trainers;

/// <summary>
/// The trainings Auto will run, so the time left it reports covers them all: the current one's own estimate plus,
/// for each training still to come, the mean duration of those finished (or the current one's projected total).
/// </summary>
internal sealed class TrainingPlan(int count, Action<TrainingProgress>? progress)
{
    private readonly List<TimeSpan> durations = [];

    public T Time<T>(Func<T> training)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var result = training();
        durations.Add(clock.Elapsed);
        return result;
    }

    public void Report(TrainingProgress p)
    {
        if (progress is null)
        {
            return;
        }

        var later = Math.Max(0, count - durations.Count - 1);
        var each = durations.Count > 0
            ? TimeSpan.FromTicks((long)durations.Average(d => d.Ticks))
            : p.Elapsed + (p.Remaining ?? TimeSpan.Zero);
        progress(p with { Remaining = p.Remaining is { } own ? own + (each * later) : null });
    }
}
