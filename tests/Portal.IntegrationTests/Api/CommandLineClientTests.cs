using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Portal.Cli;
using Portal.Core.Features.Accounts;
using Portal.Core.Features.Projects;
using Portal.IntegrationTests.Infrastructure;
using static Portal.IntegrationTests.Infrastructure.ApiScript;

namespace Portal.IntegrationTests.Api;

/// <summary>
/// The command-line client (src/Portal.Cli, installed as the <c>concordia</c> .NET tool) against a fresh portal: the walk
/// from the README — upload → train → wait with a progress bar → score → download — and the refusals a script meets.
/// </summary>
public sealed class CommandLineClientTests
{
    [Fact]
    public async Task Every_route_the_client_calls_is_in_the_portals_openapi_document()
    {
        await using var factory = new PortalFactory();
        using var client = factory.CreateClient();
        var paths = (await JsonAsync(await client.GetAsync("/api/openapi/v1.json"))).GetProperty("paths");
        foreach (var (method, path) in PortalClient.Routes)
        {
            Assert.True(paths.TryGetProperty(path, out var item) && item.TryGetProperty(method, out _), $"{method} {path}");
        }
    }

    [Fact]
    public async Task A_script_uploads_trains_waits_scores_and_downloads_with_the_client_and_a_viewer_is_refused_the_bytes()
    {
        await using var factory = new PortalFactory();
        var analyst = await factory.CreateUserAsync("cli@test.local", "pencil river morning 2026", Roles.Analyst);
        var viewer = await factory.CreateUserAsync("cli-viewer@test.local", "quiet harbour at noon", Roles.Analyst);
        var folder = Directory.CreateTempSubdirectory("concordia-cli-").FullName;
        var sample = Path.Combine(AppContext.BaseDirectory, "samples", "trade-panel.csv");
        using var http = await ClientForAsync(factory, analyst);
        string In(string name) => Path.Combine(folder, name);
        try
        {
            var (code, output, _) = await RunAsync(http, "upload", sample);
            Assert.Equal(0, code);
            Assert.Contains("Uploaded trade-panel", output);
            var datasetId = Id(output, "Dataset id: ");

            (code, output, _) = await RunAsync(http, "train", datasetId, "--set", "model=Linear", "--set", "epochs=6", "--wait");
            Assert.True(code == 0, output);
            Assert.Contains("succeeded", output);
            Assert.Matches(@"r2 -?\d", output); // the headline with its baseline and model
            var runId = Id(output, "Run id: ");

            var input = Path.Combine(folder, "new.csv");
            await System.IO.File.WriteAllTextAsync(input, "year,origin,destination,gdp_origin_bn,gdp_destination_bn,distance_km,exchange_rate\n"
                + "2016,China,Kenya,250,210,13000,1.1\n2017,Atlantis,Kenya,250,210,13000,1.1\n");
            (code, output, _) = await RunAsync(http, "score", runId, input, "--out", In("predictions.csv"));
            Assert.True(code == 0, output);
            Assert.Contains("Scored 2 rows (1 with issues)", output);
            var predictions = await System.IO.File.ReadAllLinesAsync(Path.Combine(folder, "predictions.csv"));
            Assert.Equal(3, predictions.Length);
            Assert.StartsWith("row,", predictions[0].TrimStart('\uFEFF'));

            (code, output, _) = await RunAsync(http, "download-model", runId, "--out", In("model.zip"));
            Assert.Equal(0, code);
            using (var zip = System.IO.Compression.ZipFile.OpenRead(Path.Combine(folder, "model.zip")))
            {
                Assert.NotEmpty(zip.Entries);
            }

            (code, output, _) = await RunAsync(http, "download", datasetId, "--out", In("copy.csv"));
            Assert.Equal(0, code);
            Assert.Equal(await System.IO.File.ReadAllBytesAsync(sample), await System.IO.File.ReadAllBytesAsync(Path.Combine(folder, "copy.csv")));

            // The dataset moved into a project where the second user is a Viewer: they are refused its bytes, said plainly.
            await using (var scope = factory.Services.CreateAsyncScope())
            {
                var projects = scope.ServiceProvider.GetRequiredService<ProjectService>();
                var projectId = (await projects.CreateAsync(analyst.Id, "Trade desk", null)).Project!.Id;
                Assert.Null(await projects.AddMemberAsync(analyst.Id, projectId, "cli-viewer@test.local", ProjectRole.Viewer));
                Assert.Equal(System.Net.HttpStatusCode.OK, (await http.PostAsJsonAsync($"/api/datasets/{datasetId}/move", new { projectId })).StatusCode);
            }

            using var viewerHttp = await ClientForAsync(factory, viewer);
            string problem;
            (code, _, problem) = await RunAsync(viewerHttp, "download", datasetId, "--out", In("theirs.csv"));
            Assert.Equal(2, code);
            Assert.Contains("The portal refused (403)", problem);
            Assert.False(System.IO.File.Exists(Path.Combine(folder, "theirs.csv")) || System.IO.File.Exists(Path.Combine(folder, "theirs.csv.part")));

            // Bad input: a setting the task does not have names the field; a missing file and a missing argument say so.
            (code, _, problem) = await RunAsync(http, "train", datasetId, "--set", "horizon=12");
            Assert.Equal(2, code);
            Assert.Contains("horizon", problem, StringComparison.OrdinalIgnoreCase);
            (code, _, problem) = await RunAsync(http, "upload", Path.Combine(folder, "nope.csv"));
            Assert.Equal((2, true), (code, problem.Contains("No such file")));
            (code, _, problem) = await RunAsync(http, "wait");
            Assert.Equal((2, true), (code, problem.Contains("wait needs <runId>")));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task The_client_speaks_chinese_to_a_chinese_system_and_says_when_the_token_is_refused()
    {
        await using var factory = new PortalFactory();
        using var http = factory.CreateClient();
        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", "cpat_not-a-token");
        var before = CultureInfo.CurrentUICulture;
        CultureInfo.CurrentUICulture = new CultureInfo("zh-CN");
        try
        {
            var (code, _, problem) = await RunAsync(http, "me");
            Assert.Equal(2, code);
            Assert.Contains("门户拒绝了请求（401）", problem);
            Assert.Contains("没有访问令牌", problem);
            var (_, help, _) = await RunAsync(http, "help");
            Assert.Contains("用进度条跟踪运行直到结束", help);
        }
        finally
        {
            CultureInfo.CurrentUICulture = before;
        }
    }

    [Fact]
    public void The_progress_bar_counts_epochs_and_steps_and_gives_the_portals_estimate()
    {
        var before = CultureInfo.CurrentUICulture;
        CultureInfo.CurrentUICulture = CultureInfo.CurrentCulture = new CultureInfo("en-GB");
        try
        {
            using var progress = JsonDocument.Parse(
                "{\"phase\":null,\"epoch\":3,\"epochs\":10,\"step\":5,\"stepsPerEpoch\":10,\"etaSeconds\":120}");
            Assert.Equal("[########......................] 25% · epoch 3/10 · about 2 min left", CliApp.ProgressLine(progress.RootElement));
        }
        finally
        {
            CultureInfo.CurrentUICulture = CultureInfo.CurrentCulture = before;
        }
    }

    private static async Task<(int Code, string Output, string Problem)> RunAsync(HttpClient http, params string[] args)
    {
        var output = new StringWriter();
        var problem = new StringWriter();
        var app = new CliApp(new PortalClient(http), new CliConsole(output, problem, interactive: false), TimeSpan.FromMilliseconds(200));
        var code = await app.RunAsync(args);
        return (code, output.ToString(), problem.ToString());
    }

    private static string Id(string output, string label)
    {
        var at = output.IndexOf(label, StringComparison.Ordinal);
        Assert.True(at >= 0, output);
        return output[(at + label.Length)..].Split('\n')[0].Trim();
    }
}
