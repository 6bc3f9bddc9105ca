using System.Globalization;
using System.Text;
using QRCoder;

namespace Portal.Web.Features.Account;

public static class AuthenticatorKeys
{
    /// <summary>Groups of four, lower case: easier to type into an app by hand.</summary>
    public static string Format(string key)
    {
        var result = new StringBuilder();
        for (var i = 0; i < key.Length; i += 4)
        {
            result.Append(key.AsSpan(i, Math.Min(4, key.Length - i))).Append(' ');
        }

        return result.ToString().TrimEnd().ToLowerInvariant();
    }

    public static string Uri(string issuer, string email, string key) =>
        string.Format(CultureInfo.InvariantCulture, "otpauth://totp/{0}:{1}?secret={2}&issuer={0}&digits=6",
            System.Uri.EscapeDataString(issuer), System.Uri.EscapeDataString(email), key);

    /// <summary>An inline SVG (no script, no external service), so the page works offline and under a strict CSP.</summary>
    public static string QrCodeSvg(string uri)
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(uri, QRCodeGenerator.ECCLevel.M);
        return new SvgQRCode(data).GetGraphic(new System.Drawing.Size(192, 192), "#000000", "#ffffff", drawQuietZones: true);
    }
}
