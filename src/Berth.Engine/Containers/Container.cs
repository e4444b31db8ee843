using System.Text.Json;
using Berth.Storage.Containers;

namespace Berth.Engine.Containers;

/// <summary>One container as the engine sees it: the stored record with its config and state parsed.</summary>
public sealed record Container(ContainerRecord Record, ContainerConfig Config, ContainerState State)
{
    public string Id => Record.Id;

    public string Name => Record.Name;

    public string ShortId => Record.Id[..12];

    public bool IsActive => ContainerStatus.IsActive(State.Status);

    public bool IsRunning => State.Status == ContainerStatus.Running;

    // The configuration and state objects that are exactly what Record holds (set where they were read or written
    // together). A copy made with another Config or State no longer matches them.
    private ContainerConfig? storedConfig;
    private ContainerState? storedState;

    /// <summary>Config is the record's own (not replaced in memory since it was read or written).</summary>
    internal bool ConfigMatchesRecord => ReferenceEquals(storedConfig, Config);

    /// <summary>Config and State are the record's own (not changed in memory since it was read or written).</summary>
    internal bool MatchesRecord => ConfigMatchesRecord && ReferenceEquals(storedState, State);

    public static Container From(ContainerRecord record) => Stored(
        record,
        JsonSerializer.Deserialize(record.Config, ContainerJsonContext.Default.ContainerConfig)
            ?? throw new BerthException(ErrorKind.Internal, $"container {record.Id} has no configuration in the database"),
        JsonSerializer.Deserialize(record.StateJson, ContainerJsonContext.Default.ContainerState) ?? new ContainerState());

    /// <summary>A container whose <paramref name="config"/> and <paramref name="state"/> are what <paramref name="record"/> holds.</summary>
    internal static Container Stored(ContainerRecord record, ContainerConfig config, ContainerState state) =>
        new(record, config, state) { storedConfig = config, storedState = state };

    internal static string Serialize(ContainerConfig config) => JsonSerializer.Serialize(config, ContainerWriterJsonContext.Default.ContainerConfig);

    internal static ContainerStateChange Change(ContainerState state) =>
        new(state.Status, JsonSerializer.Serialize(state, ContainerWriterJsonContext.Default.ContainerState));
}
