namespace Portal.Core.Features.Audit;

/// <summary>The actions the audit log records (more come with administration and sharing).</summary>
public static class AuditActions
{
    public const string SignIn = "account.sign-in";
    public const string Lockout = "account.lockout";
    public const string PasswordChange = "account.password-change";
    public const string TwoFactorEnable = "account.2fa-enable";
    public const string TwoFactorDisable = "account.2fa-disable";
    public const string DatasetUpload = "dataset.upload";
    public const string DatasetDelete = "dataset.delete";
    public const string RunSubmit = "run.submit";
    public const string RunCancel = "run.cancel";
    public const string TokenCreate = "token.create";
    public const string TokenRevoke = "token.revoke";
    public const string UserCreate = "user.create";
    public const string UserDisable = "user.disable";
    public const string UserEnable = "user.enable";
    public const string UserUnlock = "user.unlock";
    public const string UserPasswordReset = "user.password-reset";
    public const string UserDelete = "user.delete";
    public const string RoleChange = "user.role-change";
    public const string QuotaChange = "user.quota-change";
    public const string InvitationAccept = "user.invitation-accept";
    public const string RunCancelByAdmin = "run.cancel-by-admin";
    public const string ShareCreate = "share.create";
    public const string ShareOpen = "share.open";
    public const string ShareRevoke = "share.revoke";
    public const string ProjectMemberAdd = "project.member-add";
    public const string ProjectMemberRemove = "project.member-remove";
    public const string DatasetMove = "dataset.move";
    public const string Download = "export.download";
    public const string DatasetUpdate = "dataset.update";
    public const string DatasetArchive = "dataset.archive";
    public const string DatasetRestore = "dataset.restore";
    public const string ProjectCreate = "project.create";
    public const string RunScore = "run.score";
    public const string PreferenceChange = "account.preference-change";
    public const string DiagnosticPing = "diagnostics.ping";
}
