namespace Portal.Core.Features.Diagnostics;

/// <summary>Job contract: the portal enqueues against this; Portal.Jobs implements it on every worker.</summary>
public interface IDiagnosticJob
{
    Task RunAsync(Guid pingId, CancellationToken cancellationToken);
}
