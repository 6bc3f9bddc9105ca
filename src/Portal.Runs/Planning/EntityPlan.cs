using Portal.Training.Entities;
using Portal.Training.Packaging;
using Portal.Training.Trainers;

namespace Portal.Runs.Planning;

/// <summary>Entity recognition on a tagged corpus (CoNLL/BIO).</summary>
public sealed class EntityPlan : TaskPlan<EntitySpecification>
{
    public override IReadOnlyList<RunTask> Tasks { get; } = [RunTask.EntityRecognition];

    public override TaskScorer Scorer { get; } = new EntityScorer();

    protected override RunTask TaskOf(EntitySpecification specification) => RunTask.EntityRecognition;

    public override IReadOnlyList<RunTask> TasksFor(Dataset dataset) => dataset.Kind == DatasetKind.TaggedCorpus ? Tasks : [];

    public override TrainingSpecification? Propose(Dataset dataset, RunTask task, string? target) =>
        EntityDefaults.Propose(DatasetQueryService.Corpus(dataset)?.Sentences ?? 0);

    protected override IReadOnlyList<RunProblem> Validate(Dataset dataset, EntitySpecification entities)
    {
        var problems = SpecificationValidator
            .ValidateSettings(entities.Hyperparameters, entities.Split.ValidationFraction, entities.Split.TestFraction)
            .Select(RunProblem.From)
            .ToList();
        var sentences = DatasetQueryService.Corpus(dataset)?.Sentences ?? 0;
        if (sentences < RunPlanner.MinimumRows)
        {
            problems.Add(new RunProblem("Dataset", "Data.TooFewRows",
                $"There are only {sentences} sentences; at least {RunPlanner.MinimumRows} are needed to train and test.", sentences));
        }

        RunPlanner.Range(problems, entities.MaxTokens is >= 4 and <= 512, "MaxTokens", "between 4 and 512");
        RunPlanner.Range(problems, entities.WordEmbedding is >= 8 and <= 1024, "WordEmbedding", "between 8 and 1024");
        return problems;
    }

    protected override IReadOnlyList<TaskSetting> Settings(EntitySpecification e) =>
    [
        new("UseCrf", e.UseCrf ? "CRF" : "–"),
        new("MaxTokens", RunPlanner.Number(e.MaxTokens)),
        new("WordEmbedding", RunPlanner.Number(e.WordEmbedding)),
    ];

    protected override TrainedRun Train(Run run, EntitySpecification spec, RunData data, TrainingOptions options, CancellationToken stop)
    {
        var result = EntityTrainer.Train(spec, data.Corpus(), options, stop);
        return new TrainedRun(
            TaskEvaluations.Entities(result),
            TaskEvaluations.EntitySummary(spec, result),
            (zip, at) => EntityModelPackage.Write(zip, spec, result, at));
    }
}
