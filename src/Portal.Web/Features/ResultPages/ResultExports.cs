using System.Net;
using System.Security.Claims;
using System.Text;
using Portal.Core.Features.Access;
using Portal.Core.Features.Accounts;
using Portal.Core.Features.Exports;
using Portal.Runs.Results;
using Portal.Runs.Scoring;
using Portal.Web.Features.Account;

namespace Portal.Web.Features.ResultPages;

/// <summary>
/// Downloads of a run's results: model package, predictions CSV (spreadsheet-safe), metrics JSON, model card as
/// Markdown and HTML. Each checks that the caller owns the run; anyone else gets 404.
/// </summary>
public static class ResultExports
{
    public static readonly IReadOnlyList<string> Files = ["model.zip", "predictions.csv", "metrics.json", "model-card.md",
        "model-card.html"];

    public static IEndpointRouteBuilder MapResultExports(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/runs/{id:guid}/export/{file}", ExportAsync)
            .WithTags("Exports").WithSummary(
                "A result's files for those who may read the run: report, metrics and predictions (CSV, spreadsheet-safe), model card.")
            .AuditDownloads()
            .RequireAuthorization(
                policy => policy.RequireRole(
                    Roles.Administrator, Roles.Analyst));
        endpoints.MapGet(
            "/runs/{id:guid}/scoring/{taskId:guid}", async (
                Guid id, Guid taskId, ClaimsPrincipal user, ScoringService scoring, CancellationToken cancellationToken) =>
                await scoring.OutputAsync(user.FindFirstValue(ClaimTypes.NameIdentifier)!, taskId, cancellationToken) is { } output
                    && output.Task.RunId == id
                    ? Results.File(
                        output.Path, "text/csv; charset=utf-8", $"scored-{Path.GetFileNameWithoutExtension(output.Task.FileName)}.csv")
                    : Results.NotFound())
            .WithTags("Scoring").WithSummary("The predictions of one of your succeeded scoring jobs (the page's download link).")
            .AuditDownloads()
            .RequireAuthorization(
                policy => policy.RequireRole(
                    Roles.Administrator, Roles.Analyst));
        return endpoints;
    }

    private static async Task<IResult> ExportAsync(
        Guid id, string file, ClaimsPrincipal user, RunResultService results, CancellationToken cancellationToken)
    {
        var bundle = await results.LoadAsync(
            user.FindFirstValue(ClaimTypes.NameIdentifier)!, id, cancellationToken, Operation.Download);
        if (bundle is null || !Files.Contains(file))
        {
            return Results.NotFound();
        }

        var stem = $"run-{id:N}";
        switch (file)
        {
            case "model.zip" when results.ModelFile(bundle) is { } path:
                return Results.File(path, "application/zip", $"{stem}-model.zip");
            case "predictions.csv" when bundle.Evaluation is { } evaluation:
                // Tables and texts by row, forecasts by time (with the error), entities by sentence (spans as "TYPE: words; …").
                var csv = new SpreadsheetCsv();
                var numeric = evaluation.Regression is not null || evaluation.Forecast is not null;
                var probabilities = evaluation.Classification is not null ? evaluation.Classes.Select(c => $"p_{c}") : [];
                var key = evaluation.Forecast is not null ? "time" : evaluation.Entities is not null ? "sentence" : "row";
                csv.Row([key, $"actual_{evaluation.Target}", $"predicted_{evaluation.Target}", .. numeric ? new[] { "error" } : [],
                    .. probabilities]);
                foreach (var p in evaluation.Predictions)
                {
                    object? at = evaluation.Forecast is { } f && p.Row - 1 < f.Times.Count ? f.Times[p.Row - 1] : p.Row;
                    object?[] predicted = numeric ? [double.Parse(p.Predicted, System.Globalization.CultureInfo.InvariantCulture), p.Error]
                        : [p.Predicted];
                    csv.Row([at, p.Actual, .. predicted, .. (p.Probabilities ?? []).Select(x => (object?)Math.Round(x, 6))]);
                }

                return Results.File(csv.ToBytes(), "text/csv; charset=utf-8", $"{stem}-predictions.csv");
            case "metrics.json" when bundle.Summary is not null:
                return Results.File(
                    Encoding.UTF8.GetBytes(RunResultService.MetricsJson(bundle)), "application/json", $"{stem}-metrics.json");
            case "model-card.md" when results.ModelCardMarkdown(bundle) is { } markdown:
                return Results.File(Encoding.UTF8.GetBytes(markdown), "text/markdown; charset=utf-8", $"{stem}-model-card.md");
            case "model-card.html" when results.ModelCardMarkdown(bundle) is { } markdown:
                return Results.File(
                    Encoding.UTF8.GetBytes(SimpleMarkdown.ToHtml(markdown, $"Model card · {bundle.Run.Name}")), "text/html; charset=utf-8",
                        $"{stem}-model-card.html");
            default:
                return Results.NotFound(); // the run has not produced this (yet)
        }
    }
}

/// <summary>The little Markdown the model card uses (headings, lists, tables, paragraphs, code spans), everything HTML-encoded.</summary>
public static class SimpleMarkdown
{
    public static string ToHtml(string markdown, string title)
    {
        var html = new StringBuilder(
            $"<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>{WebUtility.HtmlEncode(title)}</title>"
            + "<style>body{font-family:sans-serif;max-width:48rem;margin:2rem " +
                "auto;line-height:1.5}table{border-collapse:collapse}td,th{border:1px solid #999;padding:.25rem " +
                ".5rem}</style></head><body>\n");
        var inList = false;
        var inTable = false;
        foreach (var raw in markdown.Split('\n'))
        {
            var line = raw.TrimEnd('\r');
            if (inList && !line.StartsWith("- ", StringComparison.Ordinal))
            {
                html.Append("</ul>\n");
                inList = false;
            }

            if (inTable && !line.StartsWith('|'))
            {
                html.Append("</table>\n");
                inTable = false;
            }

            if (line.StartsWith("## ", StringComparison.Ordinal))
            {
                html.Append("<h2>").Append(Inline(line[3..])).Append("</h2>\n");
            }
            else if (line.StartsWith("# ", StringComparison.Ordinal))
            {
                html.Append("<h1>").Append(Inline(line[2..])).Append("</h1>\n");
            }
            else if (line.StartsWith("- ", StringComparison.Ordinal))
            {
                html.Append(inList ? string.Empty : "<ul>\n").Append("<li>").Append(Inline(line[2..])).Append("</li>\n");
                inList = true;
            }
            else if (line.StartsWith('|'))
            {
                var cells = line.Trim('|').Split('|').Select(c => c.Trim()).ToList();
                if (cells.All(c => c.Length > 0 && c.All(ch => ch is '-' or ':')))
                {
                    continue;
                }

                var tag = inTable ? "td" : "th";
                html.Append(inTable ? string.Empty : "<table>\n").Append("<tr>").AppendJoin(
                    string.Empty, cells.Select(c => $"<{tag}>{Inline(c)}</{tag}>")).Append("</tr>\n");
                inTable = true;
            }
            else if (line.Length > 0)
            {
                html.Append("<p>").Append(Inline(line)).Append("</p>\n");
            }
        }

        html.Append(inList ? "</ul>\n" : string.Empty).Append(inTable ? "</table>\n" : string.Empty).Append("</body></html>\n");
        return html.ToString();
    }

    private static string Inline(string text)
    {
        var encoded = WebUtility.HtmlEncode(text);
        var parts = encoded.Split('`');
        return string.Concat(parts.Select((p, i) => i % 2 == 1 ? $"<code>{p}</code>" : p));
    }
}
