using Berth.Cli.CommandLine;

namespace Berth.Cli.Commands;

/// <summary>
/// <c>network connect</c>, <c>disconnect</c> and <c>reload</c> act on containers' live network namespaces, which come with
/// container networking; until then they say so. This file is replaced whole when they are built.
/// </summary>
public static partial class NetworkActions
{
    public static Task<int> ConnectAsync(Invocation invocation, CancellationToken cancellationToken) =>
        throw NotYet("connect");

    public static Task<int> DisconnectAsync(Invocation invocation, CancellationToken cancellationToken) =>
        throw NotYet("disconnect");

    public static Task<int> ReloadAsync(Invocation invocation, CancellationToken cancellationToken) =>
        throw NotYet("reload");

    private static BerthException NotYet(string verb) =>
        new(ErrorKind.Unavailable, $"network {verb} is not available yet in berth: it comes with container networking");
}
