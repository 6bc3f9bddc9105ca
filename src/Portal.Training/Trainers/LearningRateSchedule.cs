using Portal.Training.Specification;

namespace Portal.Training.Trainers;

/// <summary>
/// The learning rate as a pure function of progress, so a resumed run needs no scheduler state: linear warm-up,
/// then constant, step decay or cosine decay to zero at the last epoch.
/// </summary>
public static class LearningRateSchedule
{
    /// <param name="epochProgress">Epochs done, with the fraction of the current epoch (e.g. 2.5).</param>
    public static double At(Hyperparameters h, double epochProgress)
    {
        if (h.WarmupEpochs > 0 && epochProgress < h.WarmupEpochs)
        {
            return h.LearningRate * Math.Max(0.05, epochProgress / h.WarmupEpochs);
        }

        return h.Schedule switch
        {
            ScheduleKind.Step => h.LearningRate * Math.Pow(h.StepFactor, Math.Floor((epochProgress - h.WarmupEpochs) / h.StepEvery)),
            ScheduleKind.Cosine => h.LearningRate * 0.5 * (
                1 + Math.Cos(Math.PI * Math.Min(1, (epochProgress - h.WarmupEpochs) / Math.Max(1, h.Epochs - h.WarmupEpochs)))),
            _ => h.LearningRate,
        };
    }
}
