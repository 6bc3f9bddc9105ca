using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Localization;
using Portal.Core.Features.Accounts;
using Portal.Web.Features.Localization;

namespace Portal.Web.Features.Account;

/// <summary>Identity's messages in the reader's language (the ones a user of these pages can meet).</summary>
public sealed class LocalizedIdentityErrorDescriber(IStringLocalizer<SharedResource> l) : PortalIdentityErrorDescriber
{
    private IdentityError Error(string code, params object[] args) => new() { Code = code, Description = l[$"Identity.{code}", args] };

    public override IdentityError PasswordTooShort(int length) => Error(nameof(PasswordTooShort), length);
    public override IdentityError PasswordMismatch() => Error(nameof(PasswordMismatch));
    public override IdentityError CommonPassword() => Error(CommonPasswordValidator.CommonCode);
    public override IdentityError RepetitivePassword() => Error(CommonPasswordValidator.RepetitiveCode);
    public override IdentityError PasswordContainsUserName() => Error(CommonPasswordValidator.ContainsNameCode);
    public override IdentityError DuplicateEmail(string email) => Error(nameof(DuplicateEmail), email);
    public override IdentityError DuplicateUserName(string userName) => Error(nameof(DuplicateEmail), userName);
    public override IdentityError InvalidEmail(string? email) => Error(nameof(InvalidEmail), email ?? string.Empty);
    public override IdentityError InvalidToken() => Error(nameof(InvalidToken));
    public override IdentityError ConcurrencyFailure() => Error(nameof(ConcurrencyFailure));
    public override IdentityError DefaultError() => Error(nameof(DefaultError));
}
