using Microsoft.Extensions.Localization;
using Portal.Core.Features.Administration;
using Portal.Web.Features.Localization;

namespace Portal.Web.Features.Admin;

public static class AdminText
{
    public static readonly IReadOnlyList<string> ProblemCodes =
    [
        "Admin.RoleInvalid",
        "Admin.EmailInvalid",
        "Admin.EmailTaken",
        "Admin.CreateFailed",
        "Admin.NotFound",
        "Admin.LastAdministrator",
        "Admin.NotYourself",
        "Admin.IsDisabled",
        "Admin.TransferInvalid",
        "Admin.QuotaInvalid",
    ];

    public static string Problem(IStringLocalizer<SharedResource> l, string code, string? detail = null)
    {
        var text = l[$"AdminProblem.{code}"];
        var message = text.ResourceNotFound ? code : text.Value;
        return detail is null ? message : $"{message} {detail}";
    }

    public static string State(IStringLocalizer<SharedResource> l, UserSummary user) =>
        user.Disabled ? l["Users.State.Disabled"] : user.LockedOut ? l["Users.State.Locked"] : user.User.MustChangePassword
            ? l["Users.State.MustChange"] : l["Users.State.Active"];
}
