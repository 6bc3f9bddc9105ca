using Microsoft.AspNetCore.Diagnostics;

namespace Portal.Web.Features.Api;

/// <summary>
/// Every answer under /api that is an error — 400 from model binding, 401/403 from authorization, 404 for an unknown
/// route, 405, 413, 415, 500 from an exception — is an RFC 9457 problem document in JSON, never an empty body or the
/// HTML error page that the rest of the portal shows.
/// </summary>
public static class ApiProblemsMiddleware
{
    public static bool IsApi(HttpContext context) => context.Request.Path.StartsWithSegments("/api");

    /// <summary>Goes after the portal's own status-code pages, so that for /api it writes first and they stand aside.</summary>
    public static IApplicationBuilder UseApiProblems(this IApplicationBuilder app) =>
        app.UseWhen(IsApi, api =>
        {
            api.UseExceptionHandler(new ExceptionHandlerOptions
            {
                ExceptionHandler = context => WriteAsync(context, StatusCode(context)),
            });
            api.UseStatusCodePages(context => WriteAsync(context.HttpContext, context.HttpContext.Response.StatusCode));
        });

    private static int StatusCode(HttpContext context) =>
        context.Features.Get<IExceptionHandlerFeature>()?.Error is BadHttpRequestException bad ? bad.StatusCode
            : StatusCodes.Status500InternalServerError;

    private static async Task WriteAsync(HttpContext context, int status)
    {
        context.Response.StatusCode = status;
        var problems = context.RequestServices.GetRequiredService<IProblemDetailsService>();
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails =
            {
                Status = status,
                Title = status switch
                {
                    400 => "The request could not be read.",
                    401 => "Sign in or send a personal access token (Authorization: Bearer cpat_…).",
                    403 => "Your account may not do this.",
                    404 => "Not found.",
                    405 => "This method is not allowed here.",
                    413 => "The request body is larger than allowed.",
                    415 => "This content type is not accepted here.",
                    429 => "Too many requests; wait a moment and try again.",
                    >= 500 => "Something went wrong on our side; the error was logged.",
                    _ => null,
                },
            },
        });
    }
}
