namespace Berth.Platform;

/// <summary>
/// One mount as the kernel and the OCI runtime spec see it: how storage hands a root file system to the runtime
/// (overlay with lowerdir/upperdir/workdir options, or a bind of a vfs directory) without the two knowing each other.
/// </summary>
public sealed record Mount(string Type, string Source, string Target, IReadOnlyList<string> Options);
