using Berth.Build.Builders;
using Berth.Cli.CommandLine;
using Berth.Engine.Builds;
using Berth.Engine.Containers;
using Berth.Engine.Registries;

namespace Berth.Cli.Commands.Buildah;

/// <summary>
/// What one buildah command works with: the engine's containers (for the store and images) and the working containers
/// (<see cref="BuilderService"/>), plus buildah's lookups and messages.
/// </summary>
internal sealed class BuildahSession : IDisposable
{
    private BuildahSession(ContainerService containers, BuilderService builders)
    {
        Containers = containers;
        Builders = builders;
    }

    public ContainerService Containers { get; }

    public BuilderService Builders { get; }

    public static BuildahSession Open(Invocation invocation, RegistryAccessOptions? access = null)
    {
        var containers = new ContainerService(EngineFactory.Create(invocation));
        try
        {
            return new BuildahSession(containers, new BuilderService(new EngineBuildHost(containers, access ?? new RegistryAccessOptions())));
        }
        catch
        {
            containers.Dispose();
            throw;
        }
    }

    /// <summary>Registry flags shared by from, commit and pull (<c>--authfile</c>, <c>--cert-dir</c>, <c>--creds</c>, <c>--tls-verify</c>).</summary>
    public static RegistryAccessOptions Access(ParsedOptions o) => new()
    {
        AuthFile = o.GetString("authfile"),
        CertDir = o.GetString("cert-dir"),
        Credentials = o.GetString("creds"),
        TlsVerify = o.Changed("tls-verify") ? o.GetBool("tls-verify") : null,
    };

    /// <summary>The working container <paramref name="name"/> names; buildah's "reading build container" error when none does.</summary>
    public BuilderState Find(string name) => Builders.TryGet(name) ?? throw NotKnown("reading build container", name);

    /// <summary>buildah's "&lt;doing&gt; "name": container not known".</summary>
    public static BerthException NotKnown(string doing, string name) =>
        new(ErrorKind.NotFound, $"{doing} \"{name}\": container not known");

    /// <summary>Refuses flags whose feature Berth's buildah does not have (instead of ignoring them).</summary>
    public static void RefuseUnsupported(Invocation invocation, IEnumerable<string> flags)
    {
        foreach (var flag in flags)
        {
            if (invocation.Options.Changed(flag))
            {
                throw new BerthException(ErrorKind.InvalidArgument, $"--{flag} is not supported by berth's buildah {invocation.Command.Name} yet");
            }
        }
    }

    public void Dispose() => Containers.Dispose();
}
