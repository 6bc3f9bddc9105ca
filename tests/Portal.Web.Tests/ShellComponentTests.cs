using System.Globalization;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;
using Portal.Core.Features.Accounts;
using Portal.Web.Features.Shell;

namespace Portal.Web.Tests;

public sealed class ShellComponentTests : BunitContext
{
    public ShellComponentTests()
    {
        Services.AddMudServices();
        Services.AddLocalization(options => options.ResourcesPath = "Resources");
        JSInterop.Mode = JSRuntimeMode.Loose;
    }

    [Fact]
    public void Navigation_lists_the_portal_areas_and_hides_admin_from_analysts()
    {
        var auth = AddAuthorization();
        auth.SetAuthorized("analyst@test.local");
        auth.SetRoles(Roles.Analyst);

        var menu = Render<NavMenu>();

        var labels = menu.FindAll("a").Select(a => a.TextContent.Trim()).ToList();
        Assert.Equal(["Home", "Datasets", "Runs", "Projects", "Shared with me"], labels);
    }

    [Fact]
    public void Administrators_also_see_admin()
    {
        var auth = AddAuthorization();
        auth.SetAuthorized("admin@test.local");
        auth.SetRoles(Roles.Administrator);

        var menu = Render<NavMenu>();

        Assert.Contains(menu.FindAll("a"), a => a.TextContent.Trim() == "Admin" && a.GetAttribute("href") == "admin");
    }

    [Fact]
    public void Navigation_reads_in_chinese_for_a_chinese_user()
    {
        var auth = AddAuthorization();
        auth.SetAuthorized("admin@test.local");
        auth.SetRoles(Roles.Administrator);
        using var culture = new UiCulture("zh-CN");

        var menu = Render<NavMenu>();

        var labels = menu.FindAll("a").Select(a => a.TextContent.Trim()).ToList();
        Assert.Equal(["首页", "数据集", "训练任务", "项目", "与我共享", "管理"], labels);
        Assert.Equal("主导航", menu.Find("nav").GetAttribute("aria-label"));
    }

    [Fact]
    public void Language_switch_offers_both_languages_in_their_own_names_and_marks_the_current_one()
    {
        using var culture = new UiCulture("zh-CN");
        Services.GetRequiredService<Bunit.TestDoubles.BunitNavigationManager>().NavigateTo("runs?page=2");

        var links = Render<LanguageSwitch>(p => p.Add(s => s.Plain, true)).FindAll("a");

        Assert.Equal(2, links.Count);
        Assert.Equal(("English", "en"), (links[0].TextContent, links[0].GetAttribute("lang")));
        Assert.Equal(("简体中文", "zh-CN"), (links[1].TextContent, links[1].GetAttribute("lang")));
        Assert.Equal("true", links[1].GetAttribute("aria-current"));
        Assert.Null(links[0].GetAttribute("aria-current"));
        Assert.Equal("culture/set?culture=en&returnUrl=%2Fruns%3Fpage%3D2", links[0].GetAttribute("href"));
    }

    private sealed class UiCulture : IDisposable
    {
        private readonly CultureInfo previous = CultureInfo.CurrentUICulture;

        public UiCulture(string name) => CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo(name);

        public void Dispose() => CultureInfo.CurrentUICulture = previous;
    }
}
