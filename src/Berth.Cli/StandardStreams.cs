using Berth.Platform;

namespace Berth.Cli;

/// <summary>
/// stdin, stdout and stderr as plain read(2)/write(2) streams on descriptors 0, 1 and 2 (see DescriptorStream). .NET's console streams initialise the terminal on
/// first write when stdin is one (they send the keypad-transmit sequence <c>ESC[?1h ESC=</c>, which podman never
/// does and which is not undone at exit); these do not. Like the console streams, a reader that went away (EPIPE:
/// <c>berth images | head -1</c>) ends the output quietly instead of failing the command.
/// </summary>
internal static class StandardStreams
{
    public static Stream Input() => new DescriptorStream(0, readable: true);

    public static Stream Output() => new DescriptorStream(1, readable: false);

    public static Stream Error() => new DescriptorStream(2, readable: false);
}
