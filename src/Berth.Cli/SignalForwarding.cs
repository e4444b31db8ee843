using System.Runtime.InteropServices;
using Berth.Engine.Containers;

namespace Berth.Cli;

/// <summary>
/// <c>--sig-proxy</c>: while an attached container runs, the signals berth receives go to the container instead of
/// ending berth (podman forwards every catchable signal; .NET lets a program catch these).
/// </summary>
internal sealed class SignalForwarding : IDisposable
{
    private static volatile SignalForwarding? active;
    private readonly List<PosixSignalRegistration> registrations = [];
    private readonly ContainerService service;
    private readonly Container container;

    private SignalForwarding(ContainerService service, Container container)
    {
        this.service = service;
        this.container = container;
    }

    /// <summary>True while signals are being forwarded (Program's SIGINT handler then leaves berth running).</summary>
    public static bool IsActive => active is not null;

    public static SignalForwarding Begin(ContainerService service, Container container)
    {
        var forwarding = new SignalForwarding(service, container);
        foreach (var (signal, number) in (ReadOnlySpan<(PosixSignal, int)>)[(PosixSignal.SIGTERM, 15), (PosixSignal.SIGHUP, 1), (PosixSignal.SIGQUIT, 3), (PosixSignal.SIGINT, 2), ((PosixSignal)10, 10), ((PosixSignal)12, 12)])
        {
            forwarding.registrations.Add(PosixSignalRegistration.Create(signal, context =>
            {
                context.Cancel = true;
                forwarding.Forward(number);
            }));
        }

        active = forwarding;
        return forwarding;
    }

    public void Dispose()
    {
        active = null;
        foreach (var registration in registrations)
        {
            registration.Dispose();
        }
    }

    private void Forward(int signal) => _ = Task.Run(async () =>
    {
        try
        {
            await service.Runtime.KillAsync(container.Id, signal, all: false, CancellationToken.None).ConfigureAwait(false);
        }
        catch (BerthException)
        {
            // The container has just exited: nothing to forward to.
        }
    });
}
