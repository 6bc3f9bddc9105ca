using MudBlazor;

namespace Portal.Web.Features.Shell;

public static class PortalTheme
{
    private static readonly string[] Fonts = ["Roboto", "Noto Sans CJK SC", "Noto Sans SC", "Microsoft YaHei", "PingFang SC", "Helvetica",
        "Arial", "sans-serif"];

    // Colours chosen for WCAG 2.1 AA contrast on both palettes.
    public static readonly MudTheme Theme = new()
    {
        PaletteLight = new PaletteLight
        {
            Primary = "#1a3a6b",
            Secondary = "#00695c",
            AppbarBackground = "#1a3a6b",
            Background = "#f3f4f8",
            Error = "#b00020",
            Success = "#1b5e20",
            Warning = "#8a4b00",
            Info = "#0d47a1",
            TextSecondary = "rgba(0,0,0,0.68)",
        },
        PaletteDark = new PaletteDark
        {
            Primary = "#8ab4f8",
            Secondary = "#80cbc4",
            AppbarBackground = "#1e1e2d",
            Error = "#ff8a80",
        },
        Typography = new Typography
        {
            Default = new DefaultTypography { FontFamily = Fonts },
            H1 = new H1Typography { FontFamily = Fonts, FontSize = "2rem", FontWeight = "500" },
            H2 = new H2Typography { FontFamily = Fonts, FontSize = "1.5rem", FontWeight = "500" },
            H3 = new H3Typography { FontFamily = Fonts, FontSize = "1.25rem", FontWeight = "500" },
        },
    };
}
