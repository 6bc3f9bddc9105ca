using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Portal.Cli;

/// <summary>A refusal from the portal: its RFC 9457 title, the fields at fault, and the status.</summary>
public sealed class PortalProblem(int status, string title, IReadOnlyDictionary<string, string[]> errors) : Exception(title)
{
    public int Status { get; } = status;

    public IReadOnlyDictionary<string, string[]> Errors { get; } = errors;
}

/// <summary>
/// The REST calls the client makes, one method per endpoint. <see cref="Routes"/> lists them as the OpenAPI document names
/// them; a test checks every one against the portal's document, so the client cannot drift from the API.
/// </summary>
public sealed class PortalClient(HttpClient http)
{
    public Uri? Address => http.BaseAddress;

    public static readonly IReadOnlyList<(string Method, string Path)> Routes =
    [
        ("post", "/api/datasets"),
        ("get", "/api/datasets"),
        ("get", "/api/datasets/{id}/download"),
        ("post", "/api/runs"),
        ("get", "/api/runs"),
        ("get", "/api/runs/{id}"),
        ("post", "/api/runs/{id}/cancel"),
        ("get", "/api/runs/{id}/model"),
        ("post", "/api/runs/{id}/scores"),
        ("get", "/api/runs/{id}/scores/{scoreId}"),
        ("get", "/api/runs/{id}/scores/{scoreId}/file"),
        ("get", "/api/me"),
    ];

    public async Task<JsonElement> UploadAsync(string path, string? kind, string? projectId, CancellationToken cancellationToken)
    {
        await using var file = File.OpenRead(path);
        using var content = new MultipartFormDataContent { { new StreamContent(file), "file", Path.GetFileName(path) } };
        var query = Query(("kind", kind), ("projectId", projectId));
        return await SendAsync(new HttpRequestMessage(HttpMethod.Post, "api/datasets" + query) { Content = content }, cancellationToken);
    }

    public Task<JsonElement> DatasetsAsync(string? search, CancellationToken cancellationToken) =>
        SendAsync(
            new HttpRequestMessage(HttpMethod.Get, "api/datasets" + Query(("search", search), ("pageSize", "200"))), cancellationToken);

    public Task<JsonElement> StartRunAsync(JsonObject body, CancellationToken cancellationToken) =>
        SendAsync(new HttpRequestMessage(HttpMethod.Post, "api/runs") { Content = JsonContent.Create(body) }, cancellationToken);

    public Task<JsonElement> RunsAsync(string? status, CancellationToken cancellationToken) =>
        SendAsync(new HttpRequestMessage(HttpMethod.Get, "api/runs" + Query(("status", status))), cancellationToken);

    public Task<JsonElement> RunAsync(string id, CancellationToken cancellationToken) =>
        SendAsync(new HttpRequestMessage(HttpMethod.Get, $"api/runs/{Escape(id)}"), cancellationToken);

    public Task<JsonElement> CancelAsync(string id, CancellationToken cancellationToken) =>
        SendAsync(new HttpRequestMessage(HttpMethod.Post, $"api/runs/{Escape(id)}/cancel"), cancellationToken);

    public async Task<JsonElement> ScoreFileAsync(string runId, string path, string? idColumn, CancellationToken cancellationToken)
    {
        await using var file = File.OpenRead(path);
        using var content = new MultipartFormDataContent { { new StreamContent(file), "file", Path.GetFileName(path) } };
        var address = $"api/runs/{Escape(runId)}/scores" + Query(("idColumn", idColumn));
        return await SendAsync(new HttpRequestMessage(HttpMethod.Post, address) { Content = content }, cancellationToken);
    }

    public Task<JsonElement> ScoreAsync(string runId, string scoreId, CancellationToken cancellationToken) =>
        SendAsync(new HttpRequestMessage(HttpMethod.Get, $"api/runs/{Escape(runId)}/scores/{Escape(scoreId)}"), cancellationToken);

    public Task<JsonElement> MeAsync(CancellationToken cancellationToken) =>
        SendAsync(new HttpRequestMessage(HttpMethod.Get, "api/me"), cancellationToken);

    /// <summary>Streams a file answer to <paramref name="target"/>; written next to it first, so a broken transfer leaves no half
    /// file.</summary>
    /// <returns>The file name the portal suggested, when it gave one.</returns>
    public async Task<string?> DownloadAsync(string relative, string target, CancellationToken cancellationToken)
    {
        using var response = await http.GetAsync(relative.TrimStart('/'), HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        await ThrowIfProblemAsync(response, cancellationToken);
        var partial = target + ".part";
        await using (var file = File.Create(partial))
        {
            await response.Content.CopyToAsync(file, cancellationToken);
        }

        File.Move(partial, target, overwrite: true);
        var disposition = response.Content.Headers.ContentDisposition;
        return disposition?.FileNameStar ?? disposition?.FileName?.Trim('"');
    }

    private async Task<JsonElement> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        using (request)
        {
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
            using var response = await http.SendAsync(request, cancellationToken);
            await ThrowIfProblemAsync(response, cancellationToken);
            var text = await response.Content.ReadAsStringAsync(cancellationToken);
            return string.IsNullOrWhiteSpace(text) ? default : JsonDocument.Parse(text).RootElement.Clone();
        }
    }

    private static async Task ThrowIfProblemAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (response.IsSuccessStatusCode)
        {
            return;
        }

        var status = (int)response.StatusCode;
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        var errors = new Dictionary<string, string[]>();
        string title = $"{status} {response.ReasonPhrase}";
        try
        {
            using var problem = JsonDocument.Parse(text);
            if (problem.RootElement.TryGetProperty("title", out var t) && t.GetString() is { Length: > 0 } given)
            {
                title = given;
            }

            if (problem.RootElement.TryGetProperty("errors", out var e) && e.ValueKind == JsonValueKind.Object)
            {
                foreach (var field in e.EnumerateObject())
                {
                    errors[field.Name] = field.Value.ValueKind == JsonValueKind.Array
                        ? field.Value.EnumerateArray().Select(m => m.GetString() ?? string.Empty).ToArray()
                        : [field.Value.ToString()];
                }
            }
        }
        catch (JsonException)
        {
            // not a problem document (e.g. a proxy's page): the status line says what happened
        }

        throw new PortalProblem(status, title, errors);
    }

    private static string Escape(string value) => Uri.EscapeDataString(value);

    private static string Query(params (string Name, string? Value)[] parts)
    {
        var given = parts.Where(p => !string.IsNullOrEmpty(p.Value)).Select(p => $"{p.Name}={Uri.EscapeDataString(p.Value!)}").ToList();
        return given.Count == 0 ? string.Empty : "?" + string.Join('&', given);
    }
}
