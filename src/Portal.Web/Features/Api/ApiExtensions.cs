using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.OpenApi;
using Scalar.AspNetCore;
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
            document.Info.Description = "Upload datasets, start and follow training runs, score with their models, share results, manage " +
                "projects. Authenticate with a personal access token: Authorization: Bearer cpat_…";
            document.Components ??= new OpenApiComponents();
            document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
            document.Components.SecuritySchemes[TokenScheme] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = "bearer",
                Description = "A personal access token (cpat_…), created under Account → Access tokens.",
            };
            document.Security ??= [];
            document.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(TokenScheme, document)] = [] });
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

    private const string TokenScheme = "AccessToken";

    /// <summary>Scalar's muted text and method colours are darkened (light) or lightened (dark) to 4.5:1 on their backgrounds.</summary>
    private const string ReferenceCss = """
        .light-mode { --scalar-color-2: #3d3d3d; --scalar-color-3: #575757; --scalar-color-green: #116329; --scalar-color-blue: #0a58a8;
          --scalar-color-orange: #8a4500; --scalar-color-red: #b01e1e; --scalar-color-purple: #6a2ea3; --scalar-color-yellow: #6e5700; }
        .dark-mode { --scalar-color-2: #d0d0d0; --scalar-color-3: #b4b4b4; --scalar-color-green: #5fd38a; --scalar-color-blue: #7cb8ff;
          --scalar-color-orange: #ffae5c; --scalar-color-red: #ff8a80; --scalar-color-purple: #d3a6ff; --scalar-color-yellow: #f2d060; }
        """;

    /// <summary>Where the interactive reference (Scalar, on the OpenAPI document) is; the guide page links to it.</summary>
    public const string ReferencePath = "/developers/api/reference";

    /// <summary>
    /// The OpenAPI document, and the interactive reference on it for signed-in users. Scalar's bundle is served from this
    /// site and its one inline script carries a fresh nonce per response, which the security headers add to script-src
    /// (ADR 0016); no fonts, telemetry or assistants are fetched from elsewhere.
    /// </summary>
    /// <summary>The reference's page has no <c>lang</c>; its interface is English, so it says so for screen readers (WCAG 3.1.1).</summary>
    private static async Task DeclareEnglishAsync(HttpContext context, RequestDelegate next)
    {
        var original = context.Response.Body;
        await using var buffer = new MemoryStream();
        context.Response.Body = buffer;
        try
        {
            await next(context);
        }
        finally
        {
            context.Response.Body = original;
        }

        var bytes = buffer.ToArray();
        if (context.Response.ContentType?.StartsWith("text/html", StringComparison.OrdinalIgnoreCase) == true)
        {
            var html = System.Text.Encoding.UTF8.GetString(bytes);
            var at = html.IndexOf("<html>", StringComparison.OrdinalIgnoreCase);
            if (at >= 0)
            {
                bytes = System.Text.Encoding.UTF8.GetBytes(string.Concat(html.AsSpan(0, at), "<html lang=\"en\">", html.AsSpan(at + 6)));
                context.Response.ContentLength = bytes.Length;
            }
        }

        await original.WriteAsync(bytes, context.RequestAborted);
    }

    public static WebApplication MapPortalApiDocument(this WebApplication app)
    {
        app.MapOpenApi("/api/openapi/{documentName}.json").AllowAnonymous();
        app.UseWhen(
            context => context.Request.Path.StartsWithSegments(ReferencePath) && !Path.HasExtension(context.Request.Path.Value),
            reference => reference.Use(DeclareEnglishAsync));
        app.MapScalarApiReference(ReferencePath, options => options
            .WithTitle("Concordia API")
            .WithOpenApiRoutePattern("/api/openapi/{documentName}.json")
            .AddPreferredSecuritySchemes(TokenScheme)
            .DisableDefaultFonts()
            .DisableTelemetry()
            .DisableAgent()
            .DisableMcp()
            .HideDeveloperTools()
            .HideClientButton()
            .WithCustomCss(ReferenceCss)
            .WithNonce()).RequireAuthorization().ExcludeFromDescription();
        return app;
    }
}
