using System.Globalization;

namespace Portal.Web.Features.Datasets;

public static class DatasetFormat
{
    public static string Size(long bytes) => bytes switch
    {
        < 1024 => $"{bytes} B",
        < 1024 * 1024 => (bytes / 1024.0).ToString("0.#", CultureInfo.CurrentCulture) + " KB",
        < 1024L * 1024 * 1024 => (bytes / (1024.0 * 1024)).ToString("0.#", CultureInfo.CurrentCulture) + " MB",
        _ => (bytes / (1024.0 * 1024 * 1024)).ToString("0.##", CultureInfo.CurrentCulture) + " GB",
    };

    public static string Number(double? value) => value switch
    {
        null => "–",
        var v when Math.Abs(v.Value) >= 1e6 || (Math.Abs(v.Value) < 1e-3 && v.Value != 0) => v.Value.ToString(
            "0.###e0", CultureInfo.CurrentCulture),
        var v => v.Value.ToString("#,0.###", CultureInfo.CurrentCulture),
    };
}
