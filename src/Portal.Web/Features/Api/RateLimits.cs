using System.ComponentModel.DataAnnotations;
using System.Threading.RateLimiting;

namespace Portal.Web.Features.Api;

/// <summary>How many requests one address may make without signing in, per minute: to the API, and sign-in attempts.</summary>
public sealed class RateLimitOptions
{
    public const string SectionName = "RateLimits";

    [Range(1, 100_000)]
    public int AnonymousApiPerMinute { get; set; } = 120;

    [Range(1, 100_000)]
    public int SignInAttemptsPerMinute { get; set; } = 30;
}

/// <summary>
/// Bounds what callers who are not signed in can make the portal do: anonymous API calls and sign-in posts, per client
/// address (signed-in users and token callers are bounded by their quotas instead). Refusals are 429, as a problem
/// document under /api, with Retry-After.
/// </summary>
public static class RateLimits
{
    public static WebApplicationBuilder AddPortalRateLimits(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<RateLimitOptions>().BindConfiguration(RateLimitOptions.SectionName).ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddRateLimiter(options =>
        {
            options.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
            {
                var limits = context.RequestServices.GetRequiredService<Microsoft.Extensions.Options.IOptions<RateLimitOptions>>().Value;
                var address = context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
                if (context.User.Identity?.IsAuthenticated == true)
                {
                    return RateLimitPartition.GetNoLimiter("signed-in");
                }

                if (HttpMethods.IsPost(context.Request.Method) && context.Request.Path.StartsWithSegments("/Account/Login"))
                {
                    return Window("sign-in:" + address, limits.SignInAttemptsPerMinute);
                }

                return context.Request.Path.StartsWithSegments("/api")
                    ? Window("api:" + address, limits.AnonymousApiPerMinute)
                    : RateLimitPartition.GetNoLimiter("pages");
            });
            options.OnRejected = async (context, cancellationToken) =>
            {
                var http = context.HttpContext;
                http.Response.StatusCode = StatusCodes.Status429TooManyRequests;
                http.Response.Headers.RetryAfter = "60";
                if (http.Request.Path.StartsWithSegments("/api"))
                {
                    await Results.Problem(statusCode: 429, title: "Too many requests without signing in; wait a minute and try again.")
                        .ExecuteAsync(http);
                    return;
                }

                http.Response.ContentType = "text/plain; charset=utf-8";
                await http.Response.WriteAsync(
                    "Too many sign-in attempts from your address; wait a minute and try again. / "
                    + "来自您地址的登录尝试过多，请稍等一分钟再试。",
                    cancellationToken);
            };
        });
        return builder;
    }

    private static RateLimitPartition<string> Window(string key, int permits) =>
        RateLimitPartition.GetFixedWindowLimiter(key, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = permits,
            Window = TimeSpan.FromMinutes(1),
            QueueLimit = 0,
        });
}
