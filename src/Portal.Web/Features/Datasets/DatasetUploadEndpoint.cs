using System.Security.Claims;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using Portal.Core.Features.Datasets;
using Portal.Core.Features.Projects;

namespace Portal.Web.Features.Datasets;

/// <summary>
/// REST: POST /api/datasets (multipart, one file) streams the upload straight into the ingest service, which checks,
/// profiles and stores it (or refuses it with the problem's code, its arguments and, for unclear encodings, the choices).
/// </summary>
public static class DatasetUploadEndpoint
{
    public static async Task<Results<Created<DatasetDto>, ProblemHttpResult>> UploadAsync(
        HttpContext context, DatasetIngestService ingest, ProjectService projects, IOptions<DatasetOptions> options)
    {
        // ?projectId= puts it in a project where the caller is Editor or Owner; checked before anything is stored.
        Guid? projectId = null;
        if (context.Request.Query["projectId"] is { Count: > 0 } projectText)
        {
            if (!Guid.TryParse(projectText, out var parsed) || await projects.FindAsync(
                context.User.FindFirstValue(ClaimTypes.NameIdentifier)!, parsed, context.RequestAborted) is null)
            {
                return TypedResults.Problem(statusCode: 404, title: "No such project you can add datasets to.");
            }

            projectId = parsed;
        }

        var boundary = MediaTypeHeaderValue.TryParse(context.Request.ContentType, out var type) && type.MediaType.Equals(
            "multipart/form-data", StringComparison.OrdinalIgnoreCase)
            ? HeaderUtilities.RemoveQuotes(type.Boundary).Value
            : null;
        if (string.IsNullOrEmpty(boundary))
        {
            return TypedResults.Problem(statusCode: 400, title: "Send the file as multipart/form-data.");
        }

        // Kestrel stops bodies at ~28.6 MB by default; the dataset limit (checked again while streaming) applies here.
        // A declared length above it is refused before a byte of the body is read.
        var maxBody = options.Value.MaxUploadBytes + (1024 * 1024);
        if (context.Request.ContentLength > maxBody)
        {
            return TooLarge(options.Value.MaxUploadBytes);
        }

        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = maxBody;
        }

        var reader = new MultipartReader(boundary, context.Request.Body);
        while (await reader.ReadNextSectionAsync(context.RequestAborted) is { } section)
        {
            if (ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition) && disposition.IsFileDisposition())
            {
                var name = Path.GetFileName(disposition.FileName.Value ?? disposition.FileNameStar.Value ?? "upload.csv");
                var owner = context.User.FindFirstValue(ClaimTypes.NameIdentifier)!;
                var query = context.Request.Query;
                var kind = Enum.TryParse<DatasetKind>(query["kind"], ignoreCase: true, out var k) && Enum.IsDefined(k) ? k
                    : DatasetIngestService.KindFor(name);
                var encoding = query["encoding"] is { Count: > 0 } named ? named.ToString().Trim().ToLowerInvariant() : null;
                var result = await ingest.UploadAsync(
                    owner, name, section.Body, kind, query["sourceLanguage"], query["targetLanguage"], context.RequestAborted, encoding,
                        projectId);
                if (result.Succeeded)
                {
                    return TypedResults.Created($"/api/datasets/{result.Dataset!.Id}", DatasetDto.From(result.Dataset));
                }

                return TypedResults.Problem(statusCode: StatusFor(result.Problem!), title: result.Problem!.Message,
                    extensions: new Dictionary<string, object?>
                    {
                        ["code"] = result.Problem.Code,
                        ["arguments"] = result.Problem.Arguments,
                        ["encodings"] = result.EncodingChoices?.Select(c => new EncodingChoiceDto(c.Name, c.Confidence, c.Preview)),
                    });
            }
        }

        return TypedResults.Problem(statusCode: 400, title: "No file in the request.");
    }

    private static int StatusFor(UploadProblem problem) =>
        problem.Code == UploadProblem.TooLarge(0).Code ? 413 : problem.Code is "Upload.OverQuota" ? 409 : 400;

    private static ProblemHttpResult TooLarge(long maxBytes)
    {
        var problem = UploadProblem.TooLarge(maxBytes);
        return TypedResults.Problem(statusCode: 413, title: problem.Message,
            extensions: new Dictionary<string, object?> { ["code"] = problem.Code, ["arguments"] = problem.Arguments });
    }
}
