using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace Portal.BrowserTests;

public static class Accessibility
{
    /// <summary>Pages render on the server first; buttons and file inputs work only once the circuit is connected.</summary>
    public static Task WaitForInteractiveAsync(IPage page) =>
        page.Locator("main[data-interactive='true']").WaitForAsync(new() { Timeout = 30_000 });

    private static readonly AxeRunOptions Wcag21AA = new()
    {
        RunOnly = new RunOnlyOptions { Type = "tag", Values = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] },
    };

    /// <summary>Runs axe-core on the page as it is now and fails on any WCAG 2.1 A/AA violation, listing each one.</summary>
    public static async Task AssertNoViolationsAsync(IPage page)
    {
        var result = await page.RunAxe(Wcag21AA);
        var violations = result.Violations
            .Select(v => $"{v.Id} ({v.Impact}): {v.Help} at {string.Join(" | ", v.Nodes.Select(n => n.Target?.ToString()))}")
            .ToList();

        Assert.True(violations.Count == 0, $"Accessibility violations on {page.Url}:\n{string.Join("\n", violations)}");
    }
}
