using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Features.Accounts;

namespace Portal.IntegrationTests.Infrastructure;

/// <summary>What a script holds: a personal access token of one user, and a client that sends it.</summary>
public static class ApiScript
{
    public static async Task<HttpClient> ClientForAsync(PortalFactory factory, PortalUser user)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var token = (await scope.ServiceProvider.GetRequiredService<AccessTokenService>().CreateAsync(user.Id, "script", 30))!;
        var client = factory.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token.Secret);
        return client;
    }

    public static async Task<JsonElement> JsonAsync(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

    public static MultipartFormDataContent File(string name, string content) => File(name, Encoding.UTF8.GetBytes(content));

    public static MultipartFormDataContent File(string name, byte[] bytes)
    {
        var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        form.Add(file, "file", name);
        return form;
    }

    public static MultipartFormDataContent Sample(string fileName) =>
        File(fileName, System.IO.File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "samples", fileName)));
}
