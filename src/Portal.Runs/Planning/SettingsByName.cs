using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Portal.Runs.Planning;

/// <summary>A run asked for by settings named one by one (the API): anything not named is the portal's proposal.</summary>
public sealed record RunDraft
{
    public required Guid DatasetId { get; init; }

    /// <summary>Null means the task the dataset suggests.</summary>
    public RunTask? Task { get; init; }

    /// <summary>The column to predict, which the proposal is built around (features leave it out).</summary>
    public string? Target { get; init; }

    public string? Name { get; init; }
    public Guid? ProjectId { get; init; }
    public DevicePreference Device { get; init; } = DevicePreference.Auto;

    /// <summary>Settings of the task by name ("epochs", "horizon", "model"), applied over the proposal; null values are left out.</summary>
    public IReadOnlyDictionary<string, JsonNode?> Settings { get; init; } = new Dictionary<string, JsonNode?>();
}

/// <summary>
/// Applies settings sent by name onto a proposed specification, whatever its task: a setting is found among the
/// specification's own values and those of its hyperparameters and split, so adding a task or a setting needs no
/// change here. A name the task does not have, or a value of the wrong kind, is a problem naming that field.
/// </summary>
public static class SettingsByName
{
    /// <summary>Nested groups whose values are set by their own names: "epochs" sets hyperparameters.epochs.</summary>
    private static readonly string[] Groups = ["hyperparameters", "split"];

    public static (TrainingSpecification? Specification, IReadOnlyList<RunProblem> Problems) Apply(
        TrainingSpecification proposal, IReadOnlyDictionary<string, JsonNode?> settings)
    {
        var type = proposal.GetType();
        var task = TaskPlans.For(proposal).TaskOf(proposal);
        var root = JsonSerializer.SerializeToNode(proposal, type, TaskPlans.Json)!.AsObject();
        var places = Places(root);
        var problems = new List<RunProblem>();
        var named = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (name, value) in settings)
        {
            if (value is null)
            {
                continue;
            }

            if (!places.TryGetValue(name, out var place))
            {
                var known = string.Join(", ", places.Values.Select(p => p.Key).Order(StringComparer.Ordinal));
                problems.Add(new RunProblem(Pascal(name), "Setting.Unknown",
                    $"'{name}' is not a setting of a {task} run. Its settings are: {known}.", name, task.ToString()));
                continue;
            }

            place.Parent[place.Key] = value.DeepClone();
            named.Add(place.Key);
        }

        if (problems.Count > 0)
        {
            return (null, problems);
        }

        KeepWarmupShorterThanRun(root, named);
        try
        {
            return ((TrainingSpecification)root.Deserialize(type, TaskPlans.Json)!, []);
        }
        catch (JsonException ex)
        {
            return (null, [Invalid(type, ex.Path)]);
        }
    }

    /// <summary>Every settable name, case-insensitively, with the object and key it lives at.</summary>
    private static Dictionary<string, (JsonObject Parent, string Key)> Places(JsonObject root)
    {
        var places = new Dictionary<string, (JsonObject, string)>(StringComparer.OrdinalIgnoreCase);
        foreach (var group in Groups)
        {
            if (root[group] is JsonObject members)
            {
                foreach (var (key, _) in members)
                {
                    places[key] = (members, key);
                }
            }
        }

        foreach (var (key, _) in root)
        {
            // The table's regression or classification is the run's task, chosen beside the settings.
            if (!Groups.Contains(key) && key != "task")
            {
                places[key] = (root, key);
            }
        }

        return places;
    }

    /// <summary>As on the page: a run made shorter keeps its warm-up shorter than itself, unless the warm-up is named too.</summary>
    private static void KeepWarmupShorterThanRun(JsonObject root, HashSet<string> named)
    {
        if (named.Contains("epochs") && !named.Contains("warmupEpochs") && root["hyperparameters"] is JsonObject h
            && h["epochs"] is JsonValue epochs && epochs.TryGetValue<int>(out var e)
            && h["warmupEpochs"] is JsonValue warmup && warmup.TryGetValue<int>(out var w))
        {
            h["warmupEpochs"] = Math.Min(w, Math.Max(0, e - 1));
        }
    }

    /// <summary>The field the reader stopped at, with what it must be (an enum's names, a number, a list of columns).</summary>
    private static RunProblem Invalid(Type type, string? path)
    {
        var segments = (path ?? "$").TrimStart('$', '.').Split('.', StringSplitOptions.RemoveEmptyEntries)
            .Select(s => s.Split('[')[0])
            .ToArray();
        var field = segments.Length == 0 ? "Settings" : Pascal(segments[^1]);
        var member = segments.Aggregate<string, Type?>(type, (t, s) =>
            t?.GetProperty(Pascal(s), BindingFlags.Public | BindingFlags.Instance)?.PropertyType);
        member = member is null ? null : Nullable.GetUnderlyingType(member) ?? member;
        var rule = member switch
        {
            { IsEnum: true } => $"one of {string.Join(", ", Enum.GetNames(member))}",
            _ when member == typeof(int) => "a whole number",
            _ when member == typeof(double) => "a number",
            _ when member == typeof(bool) => "true or false",
            _ when member == typeof(string) => "a column name or text",
            _ when member is not null && member.IsAssignableTo(typeof(IEnumerable<string>)) => "a list of column names",
            _ => "a value of the right kind",
        };
        return new RunProblem(field, "Setting.WrongKind", $"{field} must be {rule}.", field, rule);
    }

    private static string Pascal(string name) => name.Length == 0 ? name : char.ToUpperInvariant(name[0]) + name[1..];
}
