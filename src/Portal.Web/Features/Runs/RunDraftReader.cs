using System.Text.Json;
using System.Text.Json.Nodes;
using Portal.Core.Features.Runs;
using Portal.Runs.Planning;
namespace Portal.Web.Features.Runs;

/// <summary>Reads <c>POST /api/runs</c>: the run's own fields by name, and every other field as a setting of the task.</summary>
public static class RunDraftReader
{
    private static readonly string[] RunFields = ["datasetId", "name", "projectId", "task", "target", "device"];

    public static (RunDraft? Draft, Dictionary<string, string[]> Errors) Read(JsonObject body)
    {
        var errors = new Dictionary<string, string[]>();
        var fields = new Dictionary<string, JsonNode?>(StringComparer.OrdinalIgnoreCase);
        var settings = new Dictionary<string, JsonNode?>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, value) in body)
        {
            var into = RunFields.Contains(name, StringComparer.OrdinalIgnoreCase) ? fields : settings;
            if (!into.TryAdd(name, value))
            {
                errors[Pascal(name)] = [$"{Pascal(name)} is given twice."];
            }
        }

        var datasetId = Guid(fields, "datasetId", errors);
        if (datasetId is null && !errors.ContainsKey("DatasetId"))
        {
            errors["DatasetId"] = ["DatasetId is required: the id of the dataset to train on."];
        }

        var draft = new RunDraft
        {
            DatasetId = datasetId ?? System.Guid.Empty,
            Name = Text(fields, "name", errors),
            ProjectId = Guid(fields, "projectId", errors),
            Task = Choice<RunTask>(fields, "task", errors),
            Target = Text(fields, "target", errors),
            Device = Choice<DevicePreference>(fields, "device", errors) ?? DevicePreference.Auto,
            Settings = settings,
        };
        return errors.Count > 0 ? (null, errors) : (draft, errors);
    }

    private static string? Text(Dictionary<string, JsonNode?> fields, string name, Dictionary<string, string[]> errors)
    {
        if (!fields.TryGetValue(name, out var node) || node is null)
        {
            return null;
        }

        if (node.GetValueKind() == JsonValueKind.String)
        {
            return node.GetValue<string>();
        }

        errors[Pascal(name)] = [$"{Pascal(name)} must be text."];
        return null;
    }

    private static Guid? Guid(Dictionary<string, JsonNode?> fields, string name, Dictionary<string, string[]> errors)
    {
        var text = Text(fields, name, errors);
        if (text is null)
        {
            return null;
        }

        if (System.Guid.TryParse(text, out var id))
        {
            return id;
        }

        errors[Pascal(name)] = [$"{Pascal(name)} must be an id such as 3f2b8c1e-0d4a-4e57-9a43-2a1c5b7d9e10."];
        return null;
    }

    private static TEnum? Choice<TEnum>(Dictionary<string, JsonNode?> fields, string name, Dictionary<string, string[]> errors)
        where TEnum : struct, Enum
    {
        var text = Text(fields, name, errors);
        if (text is null)
        {
            return null;
        }

        // Names only: "3" is not a task, even though Enum.TryParse would take it.
        if (!int.TryParse(text, out _) && Enum.TryParse<TEnum>(text, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed))
        {
            return parsed;
        }

        errors[Pascal(name)] = [$"{Pascal(name)} must be one of {string.Join(", ", Enum.GetNames<TEnum>())}."];
        return null;
    }

    private static string Pascal(string name) => char.ToUpperInvariant(name[0]) + name[1..];
}
