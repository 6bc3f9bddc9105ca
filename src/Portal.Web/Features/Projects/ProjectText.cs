using Microsoft.Extensions.Localization;
using Portal.Core.Features.Projects;
using Portal.Web.Features.Localization;

namespace Portal.Web.Features.Projects;

/// <summary>How a project is named on pages: the personal project in the reader's language, others by their name.</summary>
public static class ProjectText
{
    public static string ProjectName(this IStringLocalizer<SharedResource> l, Project project) =>
        project.IsPersonal ? l["Report.PersonalProject"] : project.Name;

    /// <summary>For a run's stored project name (null or <see cref="ProjectService.PersonalName"/> is the personal one).</summary>
    public static string ProjectName(this IStringLocalizer<SharedResource> l, string? name) =>
        name is null or ProjectService.PersonalName ? l["Report.PersonalProject"] : name;
}
