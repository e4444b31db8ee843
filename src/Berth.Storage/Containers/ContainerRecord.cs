namespace Berth.Storage.Containers;

/// <summary>
/// One container as stored: its identity, the immutable configuration and the mutable state, both as JSON documents
/// the engine owns (storage only keeps them and the state's name for queries). <see cref="Version"/> grows with every
/// state change, so a reader can tell a record it holds is stale.
/// </summary>
public sealed record ContainerRecord(
    string Id,
    string Name,
    string? ImageId,
    DateTimeOffset Created,
    string Config,
    string State,
    string StateJson,
    long Version);

/// <summary>A container to add: the state starts as given.</summary>
public sealed record NewContainer(string Id, string Name, string? ImageId, DateTimeOffset Created, string Config, string State, string StateJson);

/// <summary>A new state for <see cref="ContainerStore.Update"/>.</summary>
public readonly record struct ContainerStateChange(string State, string StateJson);
