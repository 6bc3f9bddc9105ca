using System.Text.Encodings.Web;
using System.Text.Unicode;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.WebEncoders;
using Microsoft.AspNetCore.Localization;
using Portal.Core.Features.Accounts;
using Portal.Web.Features.Shell;

namespace Portal.Web.Features.Localization;

public static class LocalizationExtensions
{
    public static WebApplicationBuilder AddPortalLocalization(this WebApplicationBuilder builder)
    {
        builder.Services.AddLocalization(options => options.ResourcesPath = "Resources");

        // Emit Chinese as characters, not &#x..; entities: a third of the bytes, and readable in page source.
        builder.Services.Configure<WebEncoderOptions>(options => options.TextEncoderSettings = new TextEncoderSettings(UnicodeRanges.All));
        builder.Services.Configure<RequestLocalizationOptions>(options =>
        {
            options.DefaultRequestCulture = new RequestCulture(PortalCultures.English);
            options.SupportedCultures = PortalCultures.SupportedCultures;
            options.SupportedUICultures = PortalCultures.SupportedCultures;
            options.FallBackToParentCultures = true;
            options.FallBackToParentUICultures = true;
            // The user's choice (cookie) first, then the browser's languages.
            options.RequestCultureProviders = [new CookieRequestCultureProvider(), new AcceptLanguageHeaderRequestCultureProvider()];
        });
        return builder;
    }

    public static void AppendCultureCookie(HttpResponse response, string culture) =>
        response.Cookies.Append(
            CookieRequestCultureProvider.DefaultCookieName,
            CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(culture)),
            new CookieOptions { Expires = DateTimeOffset.UtcNow.AddYears(1), IsEssential = true, HttpOnly = true,
                SameSite = SameSiteMode.Lax, Secure = response.HttpContext.Request.IsHttps });

    /// <summary>GET /culture/set?culture=zh-CN&amp;returnUrl=/runs — remembers the language in a cookie and, when signed in, in the
    /// profile.</summary>
    public static IEndpointRouteBuilder MapCultureEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/culture/set", async (HttpContext context, string? culture, string? returnUrl, UserManager<PortalUser> users) =>
        {
            var target = LocalUrl.OrRoot(returnUrl);
            if (!PortalCultures.IsSupported(culture))
            {
                return Results.BadRequest($"Unsupported culture. Allowed: {string.Join(", ", PortalCultures.Supported)}");
            }

            var normalized = PortalCultures.Normalize(culture!);
            AppendCultureCookie(context.Response, normalized);
            if (context.User.Identity?.IsAuthenticated == true && await users.GetUserAsync(context.User) is { } user)
            {
                user.PreferredCulture = normalized;
                await users.UpdateAsync(user);
            }

            return Results.LocalRedirect(target);
        }).AllowAnonymous().ExcludeFromDescription();
        return endpoints;
    }
}
