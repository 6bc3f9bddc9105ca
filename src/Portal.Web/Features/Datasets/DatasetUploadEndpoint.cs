using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Portal.Core.Features.Datasets;
using Portal.Core.Features.Projects;
using Portal.Web.Features.Api;

namespace Portal.Web.Features.Datasets;

/// <summary>
/// REST: POST /api/datasets (multipart, one file) streams the upload straight into the ingest service, which checks,
/// profiles and stores it (or refuses it with the problem's code, its arguments and, for unclear encodings, the choices).
/// </summary>
public static class DatasetUploadEndpoint
{
    public static RouteHandlerBuilder DescribeUpload(this RouteHandlerBuilder route) => route
        .Accepts<IFormFile>("multipart/form-data")
        .Produces<DatasetDto>(StatusCodes.Status201Created)
        .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound)
        .ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status413PayloadTooLarge);

    public static async Task<IResult> UploadAsync(
        HttpContext context, DatasetIngestService ingest, ProjectService projects, IOptions<DatasetOptions> options)
    {
        var owner = context.User.CallerId();

        // ?projectId= puts it in a project where the caller is Editor or Owner; checked before anything is stored.
        Guid? projectId = null;
        if (context.Request.Query["projectId"] is { Count: > 0 } projectText)
        {
            if (!Guid.TryParse(projectText, out var parsed)
                || await projects.FindAsync(owner, parsed, context.RequestAborted) is null)
            {
                return ApiRefusals.NotFound("No such project you can add datasets to.");
            }

            projectId = parsed;
        }

        var maxBytes = options.Value.MaxUploadBytes;
        return await MultipartFile.ReceiveAsync(context, maxBytes, "upload.csv", () => Problem(UploadProblem.TooLarge(maxBytes)),
            async (name, body) =>
            {
                var query = context.Request.Query;
                var kind = Enum.TryParse<DatasetKind>(query["kind"], ignoreCase: true, out var k) && Enum.IsDefined(k) ? k
                    : DatasetIngestService.KindFor(name);
                var encoding = query["encoding"] is { Count: > 0 } named ? named.ToString().Trim().ToLowerInvariant() : null;
                var result = await ingest.UploadAsync(
                    owner, name, body, kind, query["sourceLanguage"], query["targetLanguage"], context.RequestAborted, encoding,
                    projectId);
                return result.Succeeded
                    ? TypedResults.Created($"/api/datasets/{result.Dataset!.Id}", DatasetDto.From(result.Dataset))
                    : Problem(result.Problem!, result.EncodingChoices);
            });
    }

    private static ProblemHttpResult Problem(UploadProblem problem, IEnumerable<EncodingCandidate>? encodings = null)
    {
        var extensions = new Dictionary<string, object?> { ["code"] = problem.Code, ["arguments"] = problem.Arguments };
        if (encodings is not null)
        {
            extensions["encodings"] = encodings.Select(c => new EncodingChoiceDto(c.Name, c.Confidence, c.Preview)).ToList();
        }

        return TypedResults.Problem(statusCode: StatusFor(problem), title: problem.Message, extensions: extensions);
    }

    private static int StatusFor(UploadProblem problem) =>
        problem.Code == UploadProblem.TooLarge(0).Code ? 413 : problem.Code is "Upload.OverQuota" ? 409 : 400;
}
