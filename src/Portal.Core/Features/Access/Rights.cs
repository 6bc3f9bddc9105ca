using Portal.Core.Features.Projects;

namespace Portal.Core.Features.Access;

/// <summary>The operations every id-taking page, component action, download and API endpoint asks permission for.</summary>
public enum Operation
{
    /// <summary>See it: a run's result page and report, a dataset's page and profile.</summary>
    Read,

    /// <summary>Change it or act with it: cancel or re-run a run, rename a dataset, train on it.</summary>
    Edit,

    /// <summary>Delete or archive it.</summary>
    Delete,

    /// <summary>Give others access: share a run with users, a project or by link.</summary>
    Share,

    /// <summary>Take content away: exports, the model package, scoring with the model, the dataset's file.</summary>
    Download,
}

/// <summary>What one caller may do with one dataset or run. <see cref="None"/> reads exactly like an id that does not exist.</summary>
public sealed record Rights(bool Read, bool Edit, bool Delete, bool Share, bool Download)
{
    public static readonly Rights None = new(false, false, false, false, false);

    /// <summary>The owner, and the Owner role of its project.</summary>
    public static readonly Rights All = new(true, true, true, true, true);

    /// <summary>A project Editor: reads, downloads and works with the project's items; never deletes or shares others' work.</summary>
    public static readonly Rights Editor = new(true, true, false, false, true);

    /// <summary>A project Viewer, a named colleague, a project the run was shared with, a link holder: the result page only.</summary>
    public static readonly Rights ReadOnly = new(true, false, false, false, false);

    public static Rights ForRole(ProjectRole role) => role switch
    {
        ProjectRole.Owner => All,
        ProjectRole.Editor => Editor,
        _ => ReadOnly,
    };

    public bool Allows(Operation operation) => operation switch
    {
        Operation.Read => Read,
        Operation.Edit => Edit,
        Operation.Delete => Delete,
        Operation.Share => Share,
        Operation.Download => Download,
        _ => false,
    };

    public Rights Union(Rights other) => new(
        Read || other.Read, Edit || other.Edit, Delete || other.Delete, Share || other.Share, Download || other.Download);
}
