using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Portal.Core.Features.Accounts;

namespace Portal.Web.Features.Api;

/// <summary>The REST API's shared parts: token sign-in, the analyst policy, cross-site protection, problem details, OpenAPI.</summary>
public static class ApiExtensions
{
    public const string AnalystPolicy = "ApiAnalyst";

    /// <summary>
    /// Browsers cannot send a custom header to another site without a CORS preflight this portal never grants, so
    /// requiring it on cookie-authenticated writes keeps them from being forged by other sites. Token calls need none.
    /// </summary>
    public const string ClientHeader = "X-Concordia-Client";

    public static WebApplicationBuilder AddPortalApi(this WebApplicationBuilder builder)
    {
        builder.Services.AddAuthentication().AddScheme<AuthenticationSchemeOptions, AccessTokenAuthenticationHandler>(
            AccessTokenAuthenticationHandler.SchemeName, null);
        builder.Services.AddAuthorizationBuilder().AddPolicy(AnalystPolicy, policy => policy
            .AddAuthenticationSchemes(IdentityConstants.ApplicationScheme, AccessTokenAuthenticationHandler.SchemeName)
            .RequireAuthenticatedUser()
            .RequireRole(Roles.Administrator, Roles.Analyst));
        builder.Services.AddProblemDetails();
        builder.Services.AddOpenApi("v1", options => options.AddDocumentTransformer((document, _, _) =>
        {
            document.Info.Title = "Concordia API";
            document.Info.Description = "Upload datasets, start and follow training runs, download models. Authenticate with a personal " +
                "access token: Authorization: Bearer cpat_…";
            return Task.CompletedTask;
        }));
        return builder;
    }

    /// <summary>A group under /api for analysts: token or cookie (with the client header on writes), problem details on errors.</summary>
    public static RouteGroupBuilder MapApiGroup(this IEndpointRouteBuilder endpoints, string prefix) =>
        endpoints.MapGroup(prefix).RequireAuthorization(AnalystPolicy).AddEndpointFilter(async (context, next) =>
        {
            var http = context.HttpContext;
            var viaCookie = http.User.Identity?.AuthenticationType == IdentityConstants.ApplicationScheme;
            if (viaCookie && !HttpMethods.IsGet(http.Request.Method) && !HttpMethods.IsHead(http.Request.Method)
                && !http.Request.Headers.ContainsKey(ClientHeader))
            {
                return Results.Problem(statusCode: 400, title: $"The header {ClientHeader} is required.");
            }

            return await next(context);
        });

    /// <summary>
    /// A personal access token signs its caller in on every route, not only the /api group: the download routes the
    /// OpenAPI document lists (exports, scoring results, administrators' CSVs) and unknown /api paths (404, not 401).
    /// A token that does not validate is answered 401 at once, as a problem document.
    /// </summary>
    public static IApplicationBuilder UseAccessTokens(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        if (context.User.Identity?.IsAuthenticated != true
            && context.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            var result = await context.AuthenticateAsync(AccessTokenAuthenticationHandler.SchemeName);
            if (!result.Succeeded)
            {
                await Results.Problem(statusCode: 401, title: "The access token is unknown, expired or revoked.").ExecuteAsync(context);
                return;
            }

            context.User = result.Principal;
        }

        await next(context);
    });

    public static WebApplication MapPortalApiDocument(this WebApplication app)
    {
        app.MapOpenApi("/api/openapi/{documentName}.json").AllowAnonymous();
        return app;
    }
}
