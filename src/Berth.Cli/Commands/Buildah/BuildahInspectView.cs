using Berth.Build.Builders;
using Berth.Cli.Output;
using Berth.Oci;
using Berth.Templates;

namespace Berth.Cli.Commands.Buildah;

/// <summary>
/// <c>buildah inspect</c>'s document (buildah 1.28's <c>BuilderInfo</c>): the working container's identity, its image
/// config as OCI ("OCIv1") and Docker ("Docker") shapes, the base image's manifest, and the run settings buildah keeps.
/// Settings Berth does not keep per builder print buildah's defaults (namespaces, capabilities, ID mappings).
/// </summary>
internal static class BuildahInspectView
{
    private static readonly string[] Capabilities =
    [
        "CAP_AUDIT_WRITE", "CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_FOWNER", "CAP_FSETID", "CAP_KILL", "CAP_MKNOD",
        "CAP_NET_BIND_SERVICE", "CAP_NET_RAW", "CAP_SETFCAP", "CAP_SETGID", "CAP_SETPCAP", "CAP_SETUID", "CAP_SYS_CHROOT",
    ];

    public static GoStruct Of(BuilderState state, string manifest, string fromDigest)
    {
        var config = state.Config;
        var c = config.Config ?? new ContainerConfig();
        return new GoStruct(
            "buildah.BuilderInfo",
            new("Type", "Type", "buildah 0.0.1"),
            new("FromImage", "FromImage", state.FromImageId is null ? "" : state.FromImage),
            new("FromImageID", "FromImageID", state.FromImageId ?? ""),
            new("FromImageDigest", "FromImageDigest", fromDigest),
            new("Config", "Config", state.FromImageId is null ? "" : BuildahCommitActions.CompactConfig(config)),
            new("Manifest", "Manifest", manifest),
            new("Container", "Container", state.Name),
            new("ContainerID", "ContainerID", state.Id),
            new("MountPoint", "MountPoint", state.MountPoint ?? ""),
            new("ProcessLabel", "ProcessLabel", ""),
            new("MountLabel", "MountLabel", ""),
            new("ImageAnnotations", "ImageAnnotations", state.Annotations.Count == 0 ? GoTypedNil.Of("map[string]string") : Sorted(state.Annotations)),
            new("ImageCreatedBy", "ImageCreatedBy", state.CreatedBy ?? ""),
            new("OCIv1", "OCIv1", Oci(config, c)),
            new("Docker", "Docker", Docker(config, c, state.Comment)),
            new("DefaultMountsFilePath", "DefaultMountsFilePath", ""),
            new("Isolation", "Isolation", "oci"),
            new("NamespaceOptions", "NamespaceOptions", new GoSlice("define.NamespaceOptions", new[] { ("cgroup", true), ("ipc", false), ("mount", false), ("network", false), ("pid", false), ("user", false), ("uts", false) }
                .Select(n => (object?)new GoStruct("define.NamespaceOption", new("Name", "Name", n.Item1), new("Host", "Host", n.Item2), new("Path", "Path", ""))).ToList())),
            new("Capabilities", "Capabilities", Capabilities),
            new("ConfigureNetwork", "ConfigureNetwork", "NetworkDefault"),
            new("CNIPluginPath", "CNIPluginPath", ""),
            new("CNIConfigDir", "CNIConfigDir", ""),
            new("IDMappingOptions", "IDMappingOptions", new GoStruct(
                "define.IDMappingOptions",
                new("HostUIDMapping", "HostUIDMapping", true),
                new("HostGIDMapping", "HostGIDMapping", true),
                new("UIDMap", "UIDMap", new GoSlice("[]specs.LinuxIDMapping", [])),
                new("GIDMap", "GIDMap", new GoSlice("[]specs.LinuxIDMapping", [])),
                new("AutoUserNs", "AutoUserNs", false),
                new("AutoUserNsOpts", "AutoUserNsOpts", new GoStruct(
                    "types.AutoUserNsOptions",
                    new("Size", "Size", 0u),
                    new("InitialSize", "InitialSize", 0u),
                    new("PasswdFile", "PasswdFile", ""),
                    new("GroupFile", "GroupFile", ""),
                    new("AdditionalUIDMappings", "AdditionalUIDMappings", GoTypedNil.Of("[]idtools.IDMap")),
                    new("AdditionalGIDMappings", "AdditionalGIDMappings", GoTypedNil.Of("[]idtools.IDMap")))))),
            new("History", "History", ImageViews.History(config.History)),
            new("Devices", "Devices", new GoSlice("define.ContainerDevices", [])));
    }

    /// <summary>The OCI image config (v1.Image).</summary>
    private static GoStruct Oci(ImageConfiguration i, ContainerConfig c) => new(
        "v1.Image",
        new("Created", "created", i.Created is { } t ? new GoPointer((GoTimestamp)t, "*time.Time") : null, OmitEmpty: true),
        new("Author", "author", i.Author ?? "", OmitEmpty: true),
        new("Architecture", "architecture", i.Architecture),
        new("Variant", "variant", i.Variant ?? "", OmitEmpty: true),
        new("OS", "os", i.OS),
        new("OSVersion", "os.version", i.OSVersion ?? "", OmitEmpty: true),
        new("OSFeatures", "os.features", i.OSFeatures, OmitEmpty: true),
        new("Config", "config", ImageViews.ImageConfig(c with { Healthcheck = null, Shell = null, OnBuild = null })),
        new("RootFS", "rootfs", RootFs(i)),
        new("History", "history", ImageViews.History(i.History), OmitEmpty: true));

    /// <summary>The Docker image config (docker.V2Image), whose config carries the Docker-only settings too.</summary>
    private static GoStruct Docker(ImageConfiguration i, ContainerConfig c, string? comment)
    {
        var container = DockerConfig(c);
        return new GoStruct(
            "docker.V2Image",
            new("Comment", "comment", comment ?? "", OmitEmpty: true),
            new("Created", "created", i.Created is { } t ? new GoPointer((GoTimestamp)t, "*time.Time") : new GoPointer((GoTimestamp)DateTimeOffset.UnixEpoch, "*time.Time")),
            new("ContainerConfig", "container_config", container),
            new("Author", "author", i.Author ?? "", OmitEmpty: true),
            new("Config", "config", container),
            new("Architecture", "architecture", i.Architecture, OmitEmpty: true),
            new("Variant", "variant", i.Variant ?? "", OmitEmpty: true),
            new("OS", "os", i.OS, OmitEmpty: true),
            new("RootFS", "rootfs", RootFs(i)),
            new("History", "history", ImageViews.History(i.History), OmitEmpty: true));
    }

    private static GoStruct DockerConfig(ContainerConfig c) => new(
        "*docker.Config",
        new("Hostname", "Hostname", ""),
        new("Domainname", "Domainname", ""),
        new("User", "User", c.User ?? ""),
        new("AttachStdin", "AttachStdin", false),
        new("AttachStdout", "AttachStdout", false),
        new("AttachStderr", "AttachStderr", false),
        new("ExposedPorts", "ExposedPorts", c.ExposedPorts?.ToDictionary(kv => kv.Key, _ => (object?)new GoStruct("struct {}"), StringComparer.Ordinal), OmitEmpty: true),
        new("Tty", "Tty", false),
        new("OpenStdin", "OpenStdin", false),
        new("StdinOnce", "StdinOnce", false),
        new("Env", "Env", c.Env),
        new("Cmd", "Cmd", c.Cmd),
        new("Healthcheck", "Healthcheck", c.Healthcheck is { } h ? Health(h) : null, OmitEmpty: true),
        new("Image", "Image", ""),
        new("Volumes", "Volumes", c.Volumes?.ToDictionary(kv => kv.Key, _ => (object?)new GoStruct("struct {}"), StringComparer.Ordinal)),
        new("WorkingDir", "WorkingDir", c.WorkingDir ?? ""),
        new("Entrypoint", "Entrypoint", c.Entrypoint),
        new("OnBuild", "OnBuild", c.OnBuild),
        new("Labels", "Labels", c.Labels),
        new("StopSignal", "StopSignal", c.StopSignal ?? "", OmitEmpty: true),
        new("Shell", "Shell", c.Shell, OmitEmpty: true));

    private static GoStruct Health(HealthConfig h) => new(
        "*docker.HealthConfig",
        new("Test", "Test", h.Test, OmitEmpty: true),
        new("StartPeriod", "StartPeriod", h.StartPeriod ?? 0, OmitEmpty: true),
        new("Interval", "Interval", h.Interval ?? 0, OmitEmpty: true),
        new("Timeout", "Timeout", h.Timeout ?? 0, OmitEmpty: true),
        new("Retries", "Retries", h.Retries ?? 0, OmitEmpty: true));

    private static GoStruct RootFs(ImageConfiguration i) => new(
        "v1.RootFS",
        new("Type", "type", i.RootFs.Type),
        new("DiffIDs", "diff_ids", new GoSlice("[]digest.Digest", i.RootFs.DiffIds.Select(d => (object?)d.ToString()).ToList())));

    private static SortedDictionary<string, string> Sorted(IReadOnlyDictionary<string, string> map) => new(map.ToDictionary(), StringComparer.Ordinal);
}
