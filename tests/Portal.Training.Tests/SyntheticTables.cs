using System.Globalization;
using System.Text;
using Portal.Training.Data;

namespace Portal.Training.Tests;

/// <summary>Small tables with known answers, written to real CSV files and read back as the portal would.</summary>
internal static class SyntheticTables
{
    /// <summary>y = 3·gdp − 2·distance + 0.5·rate + region effect + small noise; some gdp values missing.</summary>
    public static TabularData LinearTrade(int rows, int seed = 1)
    {
        var random = new Random(seed);
        var text = new StringBuilder("gdp,distance,rate,region,trade\n");
        string[] regions = ["asia", "europe", "africa"];
        for (var i = 0; i < rows; i++)
        {
            double gdp = random.NextDouble() * 10, distance = random.NextDouble() * 5, rate = random.NextDouble() * 2;
            var region = regions[i % 3];
            var effect = region switch { "asia" => 2.0, "europe" => -1.0, _ => 0.0 };
            var y = 3 * gdp - 2 * distance + 0.5 * rate + effect + 0.05 * Gaussian(random);
            var gdpText = i % 50 == 7 ? "" : gdp.ToString("R", CultureInfo.InvariantCulture);
            text.Append(CultureInfo.InvariantCulture, $"{gdpText},{distance:R},{rate:R},{region},{y:R}\n");
        }

        return Write(text.ToString());
    }

    /// <summary>Three classes separated by the sign of x1 and x2 (with a margin), plus a useless noise column.</summary>
    public static TabularData SeparableClasses(int rows, int seed = 2)
    {
        var random = new Random(seed);
        var text = new StringBuilder("x1,x2,noise,label\n");
        for (var i = 0; i < rows; i++)
        {
            var x1 = (random.NextDouble() * 2 - 1) * 4;
            var x2 = (random.NextDouble() * 2 - 1) * 4;
            if (Math.Abs(x1) < 0.3 || Math.Abs(x2) < 0.3)
            {
                i--;
                continue;
            }

            var label = x1 > 0 ? "high" : x2 > 0 ? "middle" : "low";
            text.Append(CultureInfo.InvariantCulture, $"{x1:R},{x2:R},{random.NextDouble():R},{label}\n");
        }

        return Write(text.ToString());
    }

    public static TabularData FromText(string csv) => Write(csv);

    private static TabularData Write(string csv)
    {
        var path = Path.Combine(Path.GetTempPath(), $"concordia-table-{Guid.NewGuid():N}.csv");
        File.WriteAllText(path, csv);
        try
        {
            return TabularData.ReadCsv(path);
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static double Gaussian(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}

/// <summary>A work folder for checkpoints, removed afterwards.</summary>
internal sealed class WorkFolder : IDisposable
{
    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"concordia-run-{Guid.NewGuid():N}");

    public void Dispose()
    {
        if (Directory.Exists(Path))
        {
            Directory.Delete(Path, recursive: true);
        }
    }
}
