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

    /// <summary>
    /// A column's smallest and largest value. Years (whole numbers from 1000 to 2999) are written as years — 2010, not
    /// 2,010 — and a column without numbers gets one dash, not "– – –".
    /// </summary>
    public static string Range(Portal.Core.Features.Datasets.ColumnProfile column) =>
        column.Min is null || column.Max is null ? "—"
        : IsYears(column) ? $"{Year(column.Min.Value)} – {Year(column.Max.Value)}"
        : $"{Number(column.Min)} – {Number(column.Max)}";

    /// <summary>Mean ± standard deviation; one dash for a column without numbers; years' mean without a thousands separator.</summary>
    public static string Spread(Portal.Core.Features.Datasets.ColumnProfile column) =>
        column.Mean is null ? "—"
        : IsYears(column) ? $"{column.Mean.Value.ToString("0.#", CultureInfo.CurrentCulture)} ± {Number(column.Std)}"
        : column.Std is null ? Number(column.Mean) : $"{Number(column.Mean)} ± {Number(column.Std)}";

    private static string Year(double value) => value.ToString("0", CultureInfo.CurrentCulture);

    private static bool IsYears(Portal.Core.Features.Datasets.ColumnProfile column) =>
        column.Type == "integer" && column.Min >= 1000 && column.Max <= 2999;
}
