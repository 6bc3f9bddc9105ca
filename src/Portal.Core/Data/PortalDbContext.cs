using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using Portal.Core.Features.Accounts;
using Portal.Core.Features.Administration;
using Portal.Core.Features.Audit;
using Portal.Core.Features.Datasets;
using Portal.Core.Features.Diagnostics;
using Portal.Core.Features.Runs;

namespace Portal.Core.Data;

public class PortalDbContext(DbContextOptions<PortalDbContext> options)
    : IdentityDbContext<PortalUser, IdentityRole, string>(options)
{
    public DbSet<DiagnosticPing> DiagnosticPings => Set<DiagnosticPing>();

    public DbSet<Dataset> Datasets => Set<Dataset>();

    public DbSet<AuditEntry> AuditLog => Set<AuditEntry>();

    public DbSet<Run> Runs => Set<Run>();

    public DbSet<RunMetric> RunMetrics => Set<RunMetric>();

    public DbSet<RunLogLine> RunLogLines => Set<RunLogLine>();

    public DbSet<WorkerHost> WorkerHosts => Set<WorkerHost>();

    public DbSet<ScoringTask> ScoringTasks => Set<ScoringTask>();

    public DbSet<Features.Projects.Project> Projects => Set<Features.Projects.Project>();

    public DbSet<Features.Projects.ProjectMember> ProjectMembers => Set<Features.Projects.ProjectMember>();

    public DbSet<Features.Sharing.Share> Shares => Set<Features.Sharing.Share>();

    public DbSet<Features.Sharing.ShareOpen> ShareOpens => Set<Features.Sharing.ShareOpen>();

    public DbSet<AccessToken> AccessTokens => Set<AccessToken>();

    public DbSet<UserQuota> UserQuotas => Set<UserQuota>();

    public DbSet<Invitation> Invitations => Set<Invitation>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(PortalDbContext).Assembly);
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        base.ConfigureConventions(configurationBuilder);

        // SQLite cannot compare or order DateTimeOffset values; store them as sortable binary (UTC ticks + offset).
        if (Database.IsSqlite())
        {
            configurationBuilder.Properties<DateTimeOffset>().HaveConversion<DateTimeOffsetToBinaryConverter>();
            configurationBuilder.Properties<DateTimeOffset?>().HaveConversion<DateTimeOffsetToBinaryConverter>();
        }
    }
}
