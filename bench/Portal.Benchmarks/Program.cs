using Portal.Benchmarks;

// dotnet run -c Release --project bench/Portal.Benchmarks -- parity|speed|text|text-parity [corpora folder]|entities [sentences]|ingest|latency|all
var which = args.FirstOrDefault() ?? "all";
if (which == "latency-worker")
{
    await SubmitLatency.RunWorkerAsync();
    return;
}

if (which == "ingest-one")
{
    await IngestThroughput.RunOneAsync(int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture));
    return;
}

var python = Environment.GetEnvironmentVariable("CONCORDIA_PYTHON") ?? "/usr/bin/python3";
var work = Directory.CreateTempSubdirectory("concordia-bench-").FullName;
try
{
    Console.WriteLine($"Machine: {MachineInfo.Describe()}");
    if (which is "parity" or "all")
    {
        AccuracyParity.Run(python, work, args.Length > 1 && which == "parity" ? args[1] : null);
    }

    if (which is "speed" or "all")
    {
        SpeedParity.Run(python, work);
    }

    if (which is "text" or "all")
    {
        TextThroughput.Run(work);
    }

    if (which is "text-parity" or "all")
    {
        TextParity.Run(python, work, args.Length > 1 ? args[1] : null);
    }

    if (which is "forecast" or "all")
    {
        ForecastParity.Run(python, work, args.Length > 1 && which == "forecast" ? args[1] : null);
    }

    if (which is "entities" or "all")
    {
        EntityThroughput.Run(python, work, args.Length > 1 && which == "entities" ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 100_000);
    }

    if (which is "ingest" or "all")
    {
        IngestThroughput.RunAll();
    }

    if (which is "latency" or "all")
    {
        await SubmitLatency.RunAllAsync(work);
    }
}
finally
{
    Directory.Delete(work, recursive: true);
}
