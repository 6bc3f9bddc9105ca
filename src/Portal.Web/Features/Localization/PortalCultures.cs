using System.Globalization;

namespace Portal.Web.Features.Localization;

public static class PortalCultures
{
    public const string English = "en";
    public const string Chinese = "zh-CN";

    public static readonly IReadOnlyList<string> Supported = [English, Chinese];

    public static readonly CultureInfo[] SupportedCultures = Supported.Select(CultureInfo.GetCultureInfo).ToArray();

    public static bool IsSupported(string? culture) => culture is not null && Supported.Contains(culture, StringComparer.OrdinalIgnoreCase);

    public static string Normalize(string culture) => Supported.First(c => string.Equals(c, culture, StringComparison.OrdinalIgnoreCase));

    /// <summary>The language's own name, so a reader finds it whatever the page's language.</summary>
    public static string NativeName(string culture) => culture == Chinese ? "简体中文" : "English";
}
