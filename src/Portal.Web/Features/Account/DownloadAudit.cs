using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Metadata;
using Portal.Core.Features.Audit;

namespace Portal.Web.Features.Account;

/// <summary>
/// Every file the portal hands out of its store — result exports, scored files, model packages, administrators' CSVs —
/// is recorded in the audit log with who took it, from where, and which file, whether through a page or a token.
/// </summary>
public static class DownloadAudit
{
    public static TBuilder AuditDownloads<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilter(async (context, next) =>
        {
            var result = await next(context);

            // Endpoints that answer Results<file, problem> hand the filter the union; the file is inside it.
            var answer = result is INestedHttpResult nested ? nested.Result : result;
            var name = answer switch
            {
                FileContentHttpResult file => file.FileDownloadName,
                PhysicalFileHttpResult file => file.FileDownloadName,
                FileStreamHttpResult file => file.FileDownloadName,
                _ => null,
            };
            if (name is not null)
            {
                var http = context.HttpContext;
                var audit = http.RequestServices.GetRequiredService<AuditLog>();
                await audit.AppendAsync(
                    AuditHttp.Event(http, AuditActions.Download, http.Request.Path.Value, AuditOutcome.Success, detail: name));
            }

            return result;
        });
}
