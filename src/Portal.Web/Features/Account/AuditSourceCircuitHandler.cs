using Microsoft.AspNetCore.Components.Server.Circuits;
using Portal.Core.Features.Audit;

namespace Portal.Web.Features.Account;

/// <summary>
/// An interactive page has no request of its own, so the audit log would not know where its events come from. When
/// the circuit connects, its connection's remote address is kept in the circuit's <see cref="AuditSource"/>.
/// </summary>
internal sealed class AuditSourceCircuitHandler(IHttpContextAccessor accessor, AuditSource source) : CircuitHandler
{
    public override Task OnConnectionUpAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        source.Ip = accessor.HttpContext?.Connection.RemoteIpAddress?.ToString() ?? source.Ip;
        return Task.CompletedTask;
    }
}
