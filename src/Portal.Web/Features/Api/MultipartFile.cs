using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;

namespace Portal.Web.Features.Api;

/// <summary>
/// Reads the one file of a multipart/form-data request as a stream, never buffering it: the boundary is checked, a declared
/// length over the limit is refused before a byte is read, and the server's body limit (Kestrel's ~28.6 MB by default) is
/// raised to the caller's limit so the service that reads the stream enforces its own bound while it streams.
/// </summary>
public static class MultipartFile
{
    public static bool IsMultipart(HttpRequest request) =>
        MediaTypeHeaderValue.TryParse(request.ContentType, out var type)
        && type.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase);

    /// <param name="maxFileBytes">The largest file the receiving service takes; the body may exceed it by 1 MB of framing.</param>
    /// <param name="tooLarge">The 413 answer, in the receiving service's words.</param>
    /// <param name="receive">Given the file's name (without any folder) and its bytes as a stream; answers the request.</param>
    public static async Task<IResult> ReceiveAsync(
        HttpContext context, long maxFileBytes, string fallbackName, Func<IResult> tooLarge, Func<string, Stream, Task<IResult>> receive)
    {
        var boundary = MediaTypeHeaderValue.TryParse(context.Request.ContentType, out var type)
            && type.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase)
                ? HeaderUtilities.RemoveQuotes(type.Boundary).Value
                : null;
        if (string.IsNullOrEmpty(boundary))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Send the file as multipart/form-data.");
        }

        var maxBody = maxFileBytes + (1024 * 1024);
        if (context.Request.ContentLength > maxBody)
        {
            return tooLarge();
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
                var given = disposition.FileNameStar.Value ?? disposition.FileName.Value ?? fallbackName;
                var name = Path.GetFileName(given.Replace('\\', '/'));
                return await receive(string.IsNullOrWhiteSpace(name) ? fallbackName : name, section.Body);
            }
        }

        return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "No file in the request.");
    }
}
