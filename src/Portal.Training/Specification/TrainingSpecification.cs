using System.Text.Json.Serialization;
using Portal.Training.Entities;
using Portal.Training.Forecasting;
using Portal.Training.Text;

namespace Portal.Training.Specification;

/// <summary>
/// Any task's training settings. A run stores exactly one, as JSON with a <c>kind</c> discriminator, so a run can
/// never hold two tasks' settings and adding a task adds one derived type.
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "kind")]
[JsonDerivedType(typeof(TabularSpecification), "table")]
[JsonDerivedType(typeof(TextSpecification), "text")]
[JsonDerivedType(typeof(EntitySpecification), "entities")]
[JsonDerivedType(typeof(ForecastSpecification), "forecast")]
public abstract record TrainingSpecification
{
    public abstract Hyperparameters Hyperparameters { get; init; }

    /// <summary>The parts held out for validation and test, and the seed of the split and of training.</summary>
    [JsonIgnore]
    public abstract SplitSettings Holdout { get; }

    /// <summary>What the run predicts (a column, or "entities"), for default names and summaries.</summary>
    [JsonIgnore]
    public abstract string Subject { get; }

    /// <summary>The columns it learns from, in the order the user chose them.</summary>
    [JsonIgnore]
    public abstract IReadOnlyList<string> Inputs { get; }

    /// <summary>The model family's name as the user chose it (Mlp, BiGru, LagMlp, ...).</summary>
    [JsonIgnore]
    public abstract string ModelName { get; }
}
