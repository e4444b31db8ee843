namespace Berth.Network.Ports;

/// <summary>
/// Binds host ports to learn which are free (the seam of <see cref="HostPortPicker"/>). Every port it binds stays bound
/// until it is disposed, so one picking never gets the same port twice.
/// </summary>
public interface IHostPortProbe : IDisposable
{
    /// <summary>Binds port 0 of the protocol on the host IP ("" = every address): the port the kernel chose.</summary>
    ushort BindAny(string hostIp, string protocol);

    /// <summary>Binds that port; false when something holds it.</summary>
    bool TryBind(string hostIp, string protocol, ushort port);
}
