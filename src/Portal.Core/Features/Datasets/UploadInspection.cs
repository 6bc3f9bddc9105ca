using System.Text.Json;

namespace Portal.Core.Features.Datasets;

/// <summary>The checks and profile of a stored file: the same inline and in the background job.</summary>
public sealed record CheckedFile(FileInspection? Inspection, string? ContentProfileJson, UploadProblem? Problem);

/// <summary>Checks a stored upload as its kind requires (table, tagged corpus, labelled or parallel text) and profiles it.</summary>
public static class UploadInspection
{
    public static CheckedFile Inspect(
        string path, string fileName, DatasetKind kind, DetectedEncoding encoding, string? sourceLanguage, string? targetLanguage,
        Action<double>? progress, CancellationToken cancellationToken)
    {
        var inspection = kind switch
        {
            DatasetKind.TaggedCorpus => CorpusInspector.InspectConll(path, encoding),
            DatasetKind.LabelledText when fileName.EndsWith(".jsonl", StringComparison.OrdinalIgnoreCase) =>
                CorpusInspector.InspectJsonLines(path, encoding),
            _ => AsFileInspection(TableInspector.Inspect(path, encoding, cancellationToken, progress)),
        };
        if (inspection.Problem is not null)
        {
            return new(null, null, inspection.Problem);
        }

        // Labelled and parallel text in CSV/TSV: the table checks passed; now what the columns mean.
        if (inspection.Profile is TableProfile table && kind is DatasetKind.LabelledText or DatasetKind.ParallelText)
        {
            var (profile, contentProblem) = kind == DatasetKind.LabelledText
                ? ((object?, UploadProblem?))ContentInspector.InspectLabelled(path, encoding, inspection.Delimiter!, table)
                : ContentInspector.InspectParallel(path, encoding, inspection.Delimiter!, table, sourceLanguage, targetLanguage);
            return contentProblem is not null ? new(null, null, contentProblem) : new(
                inspection, JsonSerializer.Serialize(profile, profile!.GetType()), null);
        }

        return new(inspection, null, null);
    }


    private static FileInspection AsFileInspection(TableInspection table) =>
        new(table.Profile, table.Problem, table.Rows, table.Columns, table.Delimiter);
}
