using System.Globalization;
using System.Text.Json;
using Portal.Core.Features.Datasets;
using Portal.Core.Features.Runs;
using Portal.Formats;
using Portal.Jobs.Results;
using Portal.Training.Data;
using Portal.Training.Entities;
using Portal.Training.Forecasting;
using Portal.Training.Packaging;
using Portal.Training.Specification;
using Portal.Training.Text;
using Portal.Training.Trainers;

namespace Portal.Jobs.Runs;

/// <summary>What training produced, whatever the task: the page's evaluation, the run's summary, and how to write the model package.</summary>
public sealed record TrainedRun(RunEvaluation Evaluation, RunResultSummary Summary, Action<string, DateTimeOffset> WritePackage);

/// <summary>Reads a run's dataset in the form its task needs and trains it with the engine's trainer for that task.</summary>
public static class TaskTraining
{
    public static TrainedRun Train(Run run, Dataset dataset, string path, TrainingOptions options, Action<string> log, CancellationToken stop)
    {
        var request = RunRequest.ForRun(run, RunSubmissionService.Json);
        if (request.Entities is { } entities)
        {
            using var text = Reader(dataset, path);
            var corpus = ConllReader.Parse(Lines(text));
            log($"Read {Count(corpus.Sentences.Count)} sentences of '{dataset.Name}'.");
            var result = EntityTrainer.Train(entities, corpus, options, stop);
            return new TrainedRun(TaskEvaluations.Entities(result), TaskEvaluations.EntitySummary(entities, result), (zip, at) => EntityModelPackage.Write(zip, entities, result, at));
        }

        var data = ReadTable(dataset, path, log);
        if (request.Text is { } texts)
        {
            var result = TextTrainer.Train(texts, data, options, stop);
            return new TrainedRun(TaskEvaluations.Text(texts, result, data), TaskEvaluations.TextSummary(texts, result), (zip, at) => TextModelPackage.Write(zip, texts, result, at));
        }

        if (request.Forecast is { } forecast)
        {
            var result = ForecastTrainer.Train(forecast, data, options, stop);
            var series = ForecastSeries.Prepare(forecast, data);
            return new TrainedRun(TaskEvaluations.Forecast(forecast, result, series), TaskEvaluations.ForecastSummary(forecast, result, series), (zip, at) => ForecastModelPackage.Write(zip, forecast, result, at));
        }

        var spec = request.Specification!;
        var tabular = TabularTrainer.Train(spec, data, options, stop);
        return new TrainedRun(RunEvaluation.From(spec, tabular, data), RunEvaluation.Summarise(run.Task, tabular), (zip, at) => TabularModelPackage.Write(zip, spec, tabular, at));
    }

    /// <summary>A table, or labelled text in JSON Lines as a table of "text" and "label".</summary>
    private static TabularData ReadTable(Dataset dataset, string path, Action<string> log)
    {
        using var text = Reader(dataset, path);
        TabularData data;
        if (DatasetQueryService.IsJsonLines(dataset))
        {
            var (texts, labels) = (new List<string?>(), new List<string?>());
            foreach (var line in Lines(text).Where(l => !string.IsNullOrWhiteSpace(l)))
            {
                using var document = JsonDocument.Parse(line);
                var root = document.RootElement;
                texts.Add(root.TryGetProperty("text", out var t) ? t.ToString() : null);
                labels.Add(root.TryGetProperty("label", out var l) ? l.ToString() : null);
            }

            data = new TabularData(["text", "label"], [texts.ToArray(), labels.ToArray()]);
        }
        else
        {
            data = TabularData.ReadCsv(text, Portal.Formats.DelimitedText.Delimiter(dataset.Delimiter));
        }

        log($"Read {Count(data.RowCount)} rows of '{dataset.Name}'.");
        return data;
    }

    private static StreamReader Reader(Dataset dataset, string path) =>
        new(path, TextEncodingDetector.Strict(dataset.Encoding), detectEncodingFromByteOrderMarks: true);

    private static IEnumerable<string> Lines(TextReader reader)
    {
        while (reader.ReadLine() is { } line)
        {
            yield return line;
        }
    }

    private static string Count(int n) => n.ToString("N0", CultureInfo.InvariantCulture);
}
