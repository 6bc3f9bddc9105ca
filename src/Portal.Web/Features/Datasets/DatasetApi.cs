using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.HttpResults;
using Portal.Core.Features.Access;
using Portal.Core.Features.Datasets;
using Portal.Core.Features.Storage;
using Portal.Web.Features.Access;
using Portal.Web.Features.Account;
using Portal.Web.Features.Api;

namespace Portal.Web.Features.Datasets;

/// <summary>
/// REST for datasets: upload, list, read (with the profile), preview rows, download the original bytes, and the changes
/// the dataset page makes (rename, describe, tag, archive, restore, delete, move to a project). The access policy decides
/// every call: a dataset the caller may not read answers 404, as one that does not exist; a readable one the caller may
/// not change or download answers 403.
/// </summary>
public static class DatasetApi
{
    public const string ClientHeader = Api.ApiExtensions.ClientHeader;

    public static IEndpointRouteBuilder MapDatasetApi(this IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapApiGroup("/api/datasets").WithTags("Datasets");
        api.MapPost("", DatasetUploadEndpoint.UploadAsync).DisableAntiforgery().DescribeUpload()
            .WithSummary("Upload a dataset (multipart/form-data, one file); ?kind=Table|LabelledText|TaggedCorpus|ParallelText "
                + "(default from the file name); ?encoding= one of the encodings a refusal offers when the file's own is not clear; "
                + "for parallel text ?sourceLanguage=&targetLanguage=; ?projectId= puts it in a project where you are Editor or Owner.");
        api.MapGet("", ListAsync).WithSummary(
            "The datasets you may read, newest first (page from 0, pageSize up to 200; filter by search, kind, projectId, archived; "
                + "sort = CreatedDescending|CreatedAscending|NameAscending|SizeDescending|RowsDescending).");
        api.MapGet("/{id:guid}", GetAsync).WithSummary("One dataset you may read, with its profile.");
        api.MapGet("/{id:guid}/preview", PreviewAsync).WithSummary(
            "Rows of a table as stored (page from 0, pageSize up to 500); row numbers count from 1 after the header.");
        api.MapGet("/{id:guid}/download", DownloadAsync).AuditDownloads().WithSummary(
            "The original file, byte for byte, for those with the Download right (owners, project Owners and Editors).");
        DatasetChangeEndpoints.Map(api);
        return endpoints;
    }


    internal static ProblemHttpResult Missing() => ApiRefusals.NotFound("No such dataset.");

    private static async Task<Results<Ok<DatasetListDto>, ValidationProblem>> ListAsync(
        ClaimsPrincipal user, DatasetQueryService datasets, string? search, string? kind, Guid? projectId, bool? archived, string? sort,
        int? page, int? pageSize, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        DatasetKind? kindFilter = null;
        if (kind is not null)
        {
            if (Enum.TryParse<DatasetKind>(kind, true, out var parsed) && Enum.IsDefined(parsed))
            {
                kindFilter = parsed;
            }
            else
            {
                errors["kind"] = [$"kind must be one of {string.Join(", ", Enum.GetNames<DatasetKind>())}."];
            }
        }

        var order = DatasetSort.CreatedDescending;
        if (sort is not null && !(Enum.TryParse(sort, true, out order) && Enum.IsDefined(order)))
        {
            errors["sort"] = [$"sort must be one of {string.Join(", ", Enum.GetNames<DatasetSort>())}."];
        }

        if (page < 0)
        {
            errors["page"] = ["page counts from 0."];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "Some filters are not valid.");
        }

        var size = Math.Clamp(pageSize ?? 50, 1, 200);
        var list = await datasets.ListAsync(
            user.CallerId(), search, order, page ?? 0, size, cancellationToken, archived ?? false, DatasetScope.Readable, kindFilter,
                projectId);
        return TypedResults.Ok(new DatasetListDto(list.Total, page ?? 0, size, list.Items.Select(DatasetDto.From).ToList()));
    }

    private static async Task<Results<Ok<DatasetDetailDto>, ProblemHttpResult>> GetAsync(
        Guid id, ClaimsPrincipal user, DatasetQueryService datasets, AccessPolicy access, CancellationToken cancellationToken)
    {
        var caller = user.CallerId();
        if (await datasets.FindAsync(caller, id, cancellationToken) is not { } dataset)
        {
            return Missing();
        }

        var rights = await access.ForDatasetAsync(caller, id, cancellationToken);
        return TypedResults.Ok(DatasetDetailDto.From(dataset, rights));
    }

    private static async Task<Results<Ok<DatasetPreviewDto>, ProblemHttpResult>> PreviewAsync(
        Guid id, ClaimsPrincipal user, DatasetQueryService datasets, int? page, int? pageSize, CancellationToken cancellationToken)
    {
        var caller = user.CallerId();
        if (await datasets.FindAsync(caller, id, cancellationToken) is not { } dataset)
        {
            return Missing();
        }

        if (!DatasetQueryService.IsTable(dataset) || dataset.Status != DatasetStatus.Ready)
        {
            return TypedResults.Problem(statusCode: 409, title: dataset.Status == DatasetStatus.Ready
                ? "Only tables can be previewed as rows; download the file to read it." : $"The dataset is {dataset.Status}, not Ready.");
        }

        var preview = await datasets.PreviewAsync(caller, id, Math.Max(0, page ?? 0), pageSize ?? 50, cancellationToken);
        return preview is null ? Missing() : TypedResults.Ok(DatasetPreviewDto.From(preview));
    }

    private static async Task<Results<PhysicalFileHttpResult, ProblemHttpResult>> DownloadAsync(
        Guid id, ClaimsPrincipal user, DatasetQueryService datasets, IAuthorizationService authorization, ArtefactStore store,
        CancellationToken cancellationToken)
    {
        if (await datasets.FindAsync(user.CallerId(), id, cancellationToken) is not { } dataset)
        {
            return Missing();
        }

        if (!await authorization.AllowsAsync(user, new DatasetResource(id), Operation.Download))
        {
            return ApiRefusals.Forbidden("You may read this dataset but not download it: ask an Owner or Editor "
                + "of its project.");
        }

        var blob = store.BlobPath(dataset.ContentHash);
        if (!File.Exists(blob))
        {
            return ApiRefusals.NotFound("The dataset's file is missing from the store.");
        }

        return TypedResults.PhysicalFile(blob, ContentType(dataset.OriginalFileName), FileNames.Clean(dataset.OriginalFileName));
    }

    private static string ContentType(string fileName) => Path.GetExtension(fileName).ToLowerInvariant() switch
    {
        ".csv" => "text/csv",
        ".tsv" or ".tab" => "text/tab-separated-values",
        ".jsonl" => "application/jsonl",
        ".json" => "application/json",
        ".txt" or ".conll" or ".iob" or ".bio" => "text/plain",
        _ => "application/octet-stream",
    };
}
