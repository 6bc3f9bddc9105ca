using System.Net;
using System.Net.Http.Headers;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Features.Accounts;
using Portal.IntegrationTests.Infrastructure;

namespace Portal.IntegrationTests;

public sealed class RateLimitTests
{
    [Fact]
    public async Task Anonymous_api_calls_and_sign_in_attempts_beyond_the_limit_get_429_while_token_callers_carry_on()
    {
        await using var factory = new PortalFactory(new() { ["RateLimits:AnonymousApiPerMinute"] = "5", ["RateLimits:SignInAttemptsPerMinute"] = "3" });
        var analyst = await factory.CreateUserAsync("analyst@test.local", "river stone lantern 2026", Roles.Analyst);
        await using var scope = factory.Services.CreateAsyncScope();
        var token = (await scope.ServiceProvider.GetRequiredService<AccessTokenService>().CreateAsync(analyst.Id, "script", 30))!.Secret;

        var anonymous = factory.CreateClient();
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 7; i++)
        {
            statuses.Add((await anonymous.GetAsync("/api/runs")).StatusCode);
        }

        var refused = await anonymous.GetAsync("/api/runs");
        var withToken = factory.CreateClient();
        withToken.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var tokenStatuses = new List<HttpStatusCode>();
        for (var i = 0; i < 10; i++)
        {
            tokenStatuses.Add((await withToken.GetAsync("/api/runs")).StatusCode);
        }

        var session = new PortalSession(factory.CreateBrowserLikeClient());
        var attempts = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++)
        {
            attempts.Add((await session.SignInAsync("analyst@test.local", "not the password at all")).StatusCode);
        }

        Assert.Equal(Enumerable.Repeat(HttpStatusCode.Unauthorized, 5).Concat(Enumerable.Repeat(HttpStatusCode.TooManyRequests, 2)), statuses);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        Assert.True(refused.Headers.RetryAfter is not null);
        Assert.All(tokenStatuses, s => Assert.Equal(HttpStatusCode.OK, s));
        Assert.Equal(HttpStatusCode.TooManyRequests, attempts[^1]);
        Assert.DoesNotContain(HttpStatusCode.TooManyRequests, attempts.Take(3));
    }
}
