namespace Berth.Runtime.Top;

/// <summary>
/// A descriptor that is not one of psgo's. podman then runs ps(1) inside the container with the descriptors as
/// arguments; the engine can do the same on catching this, or report it (psgo's message: <c>'uid': unknown descriptor</c>).
/// </summary>
public sealed class UnknownDescriptorException(string descriptor)
    : BerthException(ErrorKind.InvalidArgument, $"'{descriptor}': unknown descriptor")
{
    public string Descriptor { get; } = descriptor;
}
