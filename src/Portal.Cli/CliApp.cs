using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Portal.Cli;

/// <summary>
/// The commands: upload → train → wait (with a progress bar) → score → download, plus listing, cancelling and the caller's
/// quotas. Exit codes: 0 done, 1 the run or scoring job ended without success, 2 a usage error or a refusal by the portal.
/// </summary>
public sealed class CliApp(PortalClient portal, CliConsole console, TimeSpan? pollInterval = null)
{
    private readonly TimeSpan poll = pollInterval ?? TimeSpan.FromSeconds(1);

    public async Task<int> RunAsync(IReadOnlyList<string> args, CancellationToken cancellationToken = default)
    {
        var command = args.Count == 0 ? "help" : args[0];
        var options = Options.Parse(args.Skip(1).ToList());
        try
        {
            return command switch
            {
                "help" or "--help" or "-h" => Help(),
                "me" => await MeAsync(cancellationToken),
                "upload" => await UploadAsync(options, cancellationToken),
                "datasets" => await DatasetsAsync(options, cancellationToken),
                "download" => await DownloadDatasetAsync(options, cancellationToken),
                "train" => await TrainAsync(options, cancellationToken),
                "runs" => await RunsAsync(options, cancellationToken),
                "wait" => await WaitAsync(options.Required(0, "wait", "<runId>"), cancellationToken),
                "cancel" => await CancelAsync(options, cancellationToken),
                "score" => await ScoreAsync(options, cancellationToken),
                "download-model" => await DownloadModelAsync(options, cancellationToken),
                _ => Usage(CliText.Get("UnknownCommand", command)),
            };
        }
        catch (UsageException ex)
        {
            return Usage(ex.Message);
        }
        catch (PortalProblem problem)
        {
            console.EndProgress();
            console.Problem(CliText.Get("Refused", problem.Status, problem.Message));
            foreach (var (field, messages) in problem.Errors)
            {
                console.Problem($"  {field}: {string.Join(" ", messages)}");
            }

            if (problem.Status == 401)
            {
                console.Problem(CliText.Get("NoToken"));
            }

            return 2;
        }
        catch (HttpRequestException ex)
        {
            console.EndProgress();
            console.Problem(CliText.Get("Unreachable", portal.Address, ex.Message));
            return 2;
        }
    }

    private int Help()
    {
        console.Line(CliText.Get("Usage"));
        return 0;
    }

    private int Usage(string message)
    {
        console.Problem(message);
        return 2;
    }

    private async Task<int> MeAsync(CancellationToken cancellationToken)
    {
        var me = await portal.MeAsync(cancellationToken);
        var q = me.GetProperty("quota");
        console.Line(CliText.Get(
            "Me", Text(me, "email"), string.Join(", ", me.GetProperty("roles").EnumerateArray().Select(r => r.GetString())),
            Mb(q.GetProperty("storageUsedBytes").GetInt64()), Mb(q.GetProperty("storageBytes").GetInt64()),
            q.GetProperty("activeRuns").GetInt32(), q.GetProperty("maxActiveRuns").GetInt32(),
            q.GetProperty("computeMinutesUsedThisMonth").GetDouble().ToString("0.#", CultureInfo.CurrentCulture),
            q.GetProperty("computeMinutesPerMonth").GetInt32()));
        return 0;
    }

    private async Task<int> UploadAsync(Options options, CancellationToken cancellationToken)
    {
        var path = ExistingFile(options.Required(0, "upload", "<file>"));
        var dataset = await portal.UploadAsync(path, options.Value("kind"), options.Value("project"), cancellationToken);
        console.Line(CliText.Get(
            "Uploaded", Text(dataset, "name"), dataset.GetProperty("rowCount").GetInt64(), dataset.GetProperty("columnCount").GetInt32(),
            Text(dataset, "id")));
        return 0;
    }

    private async Task<int> DatasetsAsync(Options options, CancellationToken cancellationToken)
    {
        var list = await portal.DatasetsAsync(options.Value("search"), cancellationToken);
        var rows = list.GetProperty("items").EnumerateArray().Select(d => new[]
        {
            Text(d, "id"), Text(d, "name"), Text(d, "kind"),
            d.GetProperty("rowCount").GetInt64().ToString("N0", CultureInfo.CurrentCulture),
        }).ToList();
        Table(rows);
        return 0;
    }

    private async Task<int> DownloadDatasetAsync(Options options, CancellationToken cancellationToken)
    {
        var id = options.Required(0, "download", "<datasetId>");
        var target = options.Value("out") ?? $"dataset-{id}";
        var suggested = await portal.DownloadAsync($"api/datasets/{Uri.EscapeDataString(id)}/download", target, cancellationToken);
        if (options.Value("out") is null && suggested is { Length: > 0 } && Path.GetFileName(suggested) is { Length: > 0 } name
            && !File.Exists(name))
        {
            File.Move(target, name);
            target = name;
        }

        console.Line(CliText.Get("Saved", target));
        return 0;
    }

    private async Task<int> TrainAsync(Options options, CancellationToken cancellationToken)
    {
        var body = new JsonObject { ["datasetId"] = options.Required(0, "train", "<datasetId>") };
        foreach (var (option, field) in new[] { ("task", "task"), ("target", "target"), ("name", "name"), ("project", "projectId") })
        {
            if (options.Value(option) is { } value)
            {
                body[field] = value;
            }
        }

        foreach (var setting in options.Values("set"))
        {
            var equals = setting.IndexOf('=');
            if (equals <= 0)
            {
                throw new UsageException(CliText.Get("BadSetting", setting));
            }

            body[setting[..equals].Trim()] = Value(setting[(equals + 1)..].Trim());
        }

        var run = await portal.StartRunAsync(body, cancellationToken);
        console.Line(CliText.Get("Started", Text(run, "name"), Text(run, "task"), Text(run, "id")));
        return options.Flag("wait") ? await WaitAsync(Text(run, "id")!, cancellationToken) : 0;
    }

    private async Task<int> RunsAsync(Options options, CancellationToken cancellationToken)
    {
        var list = await portal.RunsAsync(options.Value("status"), cancellationToken);
        Table(list.GetProperty("items").EnumerateArray().Select(r => new[]
        {
            Text(r, "id"), Text(r, "name"), Text(r, "task"), CliText.Status(Text(r, "status")),
            r.TryGetProperty("result", out var result) && result.ValueKind == JsonValueKind.Object
                ? $"{Text(result, "headlineMetric")} {Number(result.GetProperty("headline").GetDouble())}" : string.Empty,
        }).ToList());
        return 0;
    }

    /// <summary>Follows the run once a second until it ends; the bar counts epochs and steps, the estimate is the portal's.</summary>
    private async Task<int> WaitAsync(string runId, CancellationToken cancellationToken)
    {
        while (true)
        {
            var run = await portal.RunAsync(runId, cancellationToken);
            var status = Text(run, "status");
            if (status is "Queued")
            {
                console.Progress(run.TryGetProperty("queuePosition", out var position) && position.ValueKind == JsonValueKind.Number
                    ? CliText.Get("Queued", position.GetInt32()) : CliText.Get("QueuedNoPosition"));
            }
            else if (status is "Running" && run.TryGetProperty("progress", out var progress) && progress.ValueKind == JsonValueKind.Object)
            {
                console.Progress(ProgressLine(progress));
            }
            else if (status is not "Running")
            {
                console.EndProgress();
                console.Line(CliText.Get("Ended", Text(run, "name"), CliText.Status(status)));
                if (run.TryGetProperty("result", out var result) && result.ValueKind == JsonValueKind.Object)
                {
                    console.Line(CliText.Get(
                        "Headline", Text(result, "headlineMetric"), Number(result.GetProperty("headline").GetDouble()),
                        Number(result.GetProperty("baselineHeadline").GetDouble()), Text(result, "model")));
                }

                if (run.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.Object)
                {
                    console.Problem(CliText.Get("Failed", Text(error, "message") ?? Text(error, "code")));
                }

                return status == "Succeeded" ? 0 : 1;
            }

            await Task.Delay(poll, cancellationToken);
        }
    }

    /// <summary>One line of the progress bar for a running run's <c>progress</c> object.</summary>
    public static string ProgressLine(JsonElement progress)
    {
        int epoch = progress.GetProperty("epoch").GetInt32(), epochs = progress.GetProperty("epochs").GetInt32();
        int step = progress.GetProperty("step").GetInt32(), steps = progress.GetProperty("stepsPerEpoch").GetInt32();
        var share = epochs == 0 ? 0 : Math.Clamp((Math.Max(0, epoch - 1) + (steps == 0 ? 1 : (double)step / steps)) / epochs, 0, 1);
        var text = $"{Bar(share)} {share.ToString("P0", CultureInfo.CurrentCulture)} · {CliText.Get("Epoch", epoch, epochs)}";
        return progress.TryGetProperty("etaSeconds", out var eta) && eta.ValueKind == JsonValueKind.Number
            ? $"{text} · {CliText.Get("Left", CliText.Duration(eta.GetDouble()))}" : text;
    }

    private static string Bar(double share)
    {
        var filled = (int)Math.Round(share * 30);
        return "[" + new string('#', filled) + new string('.', 30 - filled) + "]";
    }

    private async Task<int> CancelAsync(Options options, CancellationToken cancellationToken)
    {
        var id = options.Required(0, "cancel", "<runId>");
        var answer = await portal.CancelAsync(id, cancellationToken);
        console.Line(CliText.Get("Cancelled", id, CliText.Status(Text(answer, "status"))));
        return 0;
    }

    private async Task<int> ScoreAsync(Options options, CancellationToken cancellationToken)
    {
        var runId = options.Required(0, "score", "<runId>");
        var path = ExistingFile(options.Required(1, "score", "<file>"));
        var job = await portal.ScoreFileAsync(runId, path, options.Value("id-column"), cancellationToken);
        var scoreId = Text(job, "id")!;
        while (Text(job, "status") is "Queued" or "Running")
        {
            console.Progress($"{CliText.Get("Scoring", Path.GetFileName(path))} {Bar(job.GetProperty("progress").GetDouble())}");
            await Task.Delay(poll, cancellationToken);
            job = await portal.ScoreAsync(runId, scoreId, cancellationToken);
        }

        console.EndProgress();
        if (Text(job, "status") != "Succeeded")
        {
            console.Problem(CliText.Get("ScoringFailed", Text(job, "error") ?? CliText.Status(Text(job, "status"))));
            return 1;
        }

        var target = options.Value("out") ?? $"scored-{Path.GetFileNameWithoutExtension(path)}.csv";
        await portal.DownloadAsync(Text(job, "file")!, target, cancellationToken);
        console.Line(CliText.Get("Scored", job.GetProperty("rows").GetInt64(), job.GetProperty("rowsWithIssues").GetInt64(), target));
        return 0;
    }

    private async Task<int> DownloadModelAsync(Options options, CancellationToken cancellationToken)
    {
        var id = options.Required(0, "download-model", "<runId>");
        var target = options.Value("out") ?? $"model-{id}.zip";
        await portal.DownloadAsync($"api/runs/{Uri.EscapeDataString(id)}/model", target, cancellationToken);
        console.Line(CliText.Get("Saved", target));
        return 0;
    }

    private void Table(IReadOnlyList<string?[]> rows)
    {
        if (rows.Count == 0)
        {
            console.Line(CliText.Get("None"));
            return;
        }

        var widths = Enumerable.Range(0, rows[0].Length).Select(c => rows.Max(r => (r[c] ?? string.Empty).Length)).ToArray();
        foreach (var row in rows)
        {
            console.Line(string.Join("  ", row.Select((cell, c) => (cell ?? string.Empty).PadRight(widths[c]))).TrimEnd());
        }
    }

    private static string ExistingFile(string path) => File.Exists(path) ? path : throw new UsageException(CliText.Get("NoFile", path));

    private static JsonNode? Value(string text) =>
        bool.TryParse(text, out var flag) ? JsonValue.Create(flag)
        : long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var whole) ? JsonValue.Create(whole)
        : double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) ? JsonValue.Create(number)
        : JsonValue.Create(text);

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null
            ? value.ValueKind == JsonValueKind.String ? value.GetString() : value.ToString()
            : null;

    private static string Number(double value) => value.ToString("0.###", CultureInfo.CurrentCulture);

    private static string Mb(long bytes) => (bytes / (1024.0 * 1024)).ToString("0.#", CultureInfo.CurrentCulture);
}
