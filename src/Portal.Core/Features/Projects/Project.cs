using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Portal.Core.Features.Projects;

/// <summary>
/// A place runs belong to. Every user has a personal project (created on first need); more can be created. Members
/// with roles come with sharing by project; until then a project is its creator's only.
/// </summary>
public class Project
{
    public Guid Id { get; set; }
    public required string OwnerId { get; set; }
    public required string Name { get; set; }
    public string? Description { get; set; }
    public bool IsPersonal { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}

public sealed class ProjectConfiguration : IEntityTypeConfiguration<Project>
{
    public void Configure(EntityTypeBuilder<Project> builder)
    {
        builder.ToTable("Projects");
        builder.Property(p => p.OwnerId).HasMaxLength(450);
        builder.Property(p => p.Name).HasMaxLength(200);
        builder.Property(p => p.Description).HasMaxLength(2000);
        builder.HasIndex(p => new { p.OwnerId, p.IsPersonal });
    }
}
