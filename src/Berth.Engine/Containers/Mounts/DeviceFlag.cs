namespace Berth.Engine.Containers.Mounts;

/// <summary>
/// <c>--device HOST[:CONTAINER][:PERMISSIONS]</c> as podman 4.3's create checks it (DevicesFromPath, ParseDevice): a
/// symlinked host path is resolved, a directory gives every device node below it, anything else must be a device node.
/// </summary>
public static class DeviceFlag
{
    /// <summary>The devices of all <paramref name="values"/>, one per container path (a later one replaces an earlier one in place).</summary>
    public static IReadOnlyList<DeviceMapping> Parse(IReadOnlyList<string> values, MountHost host)
    {
        var devices = new List<DeviceMapping>();
        foreach (var value in values)
        {
            if (value.Length == 0)
            {
                continue; // podman's string-slice flag has no empty values
            }

            foreach (var device in Expand(value, host))
            {
                var at = devices.FindIndex(d => d.ContainerPath == device.ContainerPath);
                if (at >= 0)
                {
                    devices[at] = device;
                }
                else
                {
                    devices.Add(device);
                }
            }
        }

        return devices;
    }

    private static IEnumerable<DeviceMapping> Expand(string value, MountHost host)
    {
        var parts = value.Split(':');
        var hostPath = parts[0];
        if (hostPath.Length > 0)
        {
            hostPath = host.ResolveLink(hostPath);
        }

        var kind = hostPath.Length == 0 ? HostPathKind.Missing : host.Kind(hostPath);
        if (kind == HostPathKind.Missing)
        {
            throw MountErrors.Invalid($"stat {hostPath}: no such file or directory");
        }

        if (kind != HostPathKind.Directory)
        {
            return [One(string.Join(':', [hostPath, .. parts[1..]]), kind)];
        }

        var destination = hostPath;
        var mode = "";
        if (parts.Length > 1)
        {
            if (parts[1].StartsWith('/'))
            {
                destination = parts[1];
            }
            else
            {
                mode = parts[1];
            }
        }

        if (parts.Length > 2)
        {
            if (mode.Length > 0)
            {
                throw MountErrors.Invalid($"invalid device specification {value}: invalid argument");
            }

            mode = parts[2];
        }

        var found = new List<DeviceMapping>();
        foreach (var node in host.DevicesUnder(hostPath))
        {
            var inner = node + ":" + GoPath.Clean(destination + "/" + node[hostPath.Length..]) + (mode.Length > 0 ? ":" + mode : "");
            found.Add(One(inner, HostPathKind.Device));
        }

        return found.Count > 0 ? found : throw MountErrors.Invalid($"no devices found in {value}: invalid argument");
    }

    /// <summary>podman's ParseDevice of one "src[:dst][:mode]" and its device-node check.</summary>
    private static DeviceMapping One(string spec, HostPathKind kind)
    {
        var parts = spec.Split(':');
        if (parts.Length > 3)
        {
            throw MountErrors.Invalid($"invalid device specification: {spec}");
        }

        var permissions = "rwm";
        string? destination = null;
        if (parts.Length == 3)
        {
            permissions = IsMode(parts[2]) ? parts[2] : throw MountErrors.Invalid($"invalid device mode: {parts[2]}");
        }

        if (parts.Length >= 2)
        {
            if (IsMode(parts[1]))
            {
                permissions = parts[1];
            }
            else if (parts[1].StartsWith('/'))
            {
                destination = parts[1];
            }
            else
            {
                // podman 4.3 crashes on an empty one ("/dev/x:"); Berth gives the message of any other bad mode.
                throw MountErrors.Invalid($"invalid device mode: {parts[1]}");
            }
        }

        if (kind != HostPathKind.Device)
        {
            throw MountErrors.Invalid($"{parts[0]} is not a valid device: not a device node");
        }

        return new DeviceMapping { HostPath = parts[0], ContainerPath = destination ?? parts[0], Permissions = permissions };
    }

    /// <summary>Some of r, w, m, each at most once.</summary>
    private static bool IsMode(string mode) =>
        mode.Length > 0 && mode.All(c => c is 'r' or 'w' or 'm') && mode.Distinct().Count() == mode.Length;
}
