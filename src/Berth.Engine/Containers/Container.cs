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

    public static Container From(ContainerRecord record) => new(
        record,
        JsonSerializer.Deserialize(record.Config, ContainerJsonContext.Default.ContainerConfig)
            ?? throw new BerthException(ErrorKind.Internal, $"container {record.Id} has no configuration in the database"),
        JsonSerializer.Deserialize(record.StateJson, ContainerJsonContext.Default.ContainerState) ?? new ContainerState());

    internal static string Serialize(ContainerConfig config) => JsonSerializer.Serialize(config, ContainerWriterJsonContext.Default.ContainerConfig);

    internal static ContainerStateChange Change(ContainerState state) =>
        new(state.Status, JsonSerializer.Serialize(state, ContainerWriterJsonContext.Default.ContainerState));
}
