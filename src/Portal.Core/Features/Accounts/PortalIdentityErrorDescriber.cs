using Microsoft.AspNetCore.Identity;

namespace Portal.Core.Features.Accounts;

/// <summary>Adds the portal's own password rules to Identity's describer so the web layer can translate all of them in one place.</summary>
public class PortalIdentityErrorDescriber : IdentityErrorDescriber
{
    public virtual IdentityError CommonPassword() =>
        new() { Code = CommonPasswordValidator.CommonCode, Description = "The password is on a list of commonly used passwords." };

    public virtual IdentityError RepetitivePassword() =>
        new() { Code = CommonPasswordValidator.RepetitiveCode, Description = "The password is a repeated or sequential pattern." };

    public virtual IdentityError PasswordContainsUserName() =>
        new() { Code = CommonPasswordValidator.ContainsNameCode, Description = "The password contains the account name." };
}
