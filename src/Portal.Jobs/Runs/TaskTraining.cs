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
        var json = RunSubmissionService.Json;
        switch (run.Task)
        {
            case RunTask.EntityRecognition:
            {
                var spec = JsonSerializer.Deserialize<EntitySpecification>(run.SpecificationJson, json)!;
                using var text = Reader(dataset, path);
                var corpus = ConllReader.Parse(Lines(text));
                log($"Read {Count(corpus.Sentences.Count)} sentences of '{dataset.Name}'.");
                var result = EntityTrainer.Train(spec, corpus, options, stop);
                return new TrainedRun(TaskEvaluations.Entities(result), TaskEvaluations.EntitySummary(spec, result), (zip, at) => EntityModelPackage.Write(zip, spec, result, at));
            }

            case RunTask.TextClassification:
            {
                var spec = JsonSerializer.Deserialize<TextSpecification>(run.SpecificationJson, json)!;
                var data = ReadTable(dataset, path, log);
                var result = TextTrainer.Train(spec, data, options, stop);
                return new TrainedRun(TaskEvaluations.Text(spec, result, data), TaskEvaluations.TextSummary(spec, result), (zip, at) => TextModelPackage.Write(zip, spec, result, at));
            }

            case RunTask.Forecasting:
            {
                var spec = JsonSerializer.Deserialize<ForecastSpecification>(run.SpecificationJson, json)!;
                var data = ReadTable(dataset, path, log);
                var result = ForecastTrainer.Train(spec, data, options, stop);
                var series = ForecastSeries.Prepare(spec, data);
                return new TrainedRun(TaskEvaluations.Forecast(spec, result, series), TaskEvaluations.ForecastSummary(spec, result, series), (zip, at) => ForecastModelPackage.Write(zip, spec, result, at));
            }

            default:
            {
                var spec = JsonSerializer.Deserialize<TabularSpecification>(run.SpecificationJson, json)!;
                var data = ReadTable(dataset, path, log);
                var result = TabularTrainer.Train(spec, data, options, stop);
                return new TrainedRun(RunEvaluation.From(spec, result, data), RunEvaluation.Summarise(run.Task, result), (zip, at) => TabularModelPackage.Write(zip, spec, result, at));
            }
        }
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
            data = TabularData.ReadCsv(text, dataset.Delimiter is { Length: 1 } d ? d[0] : ',');
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
