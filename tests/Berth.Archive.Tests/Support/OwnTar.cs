using Berth.Archive.Tar;

namespace Berth.Archive.Tests;

/// <summary>Tars System.Formats.Tar cannot write (binary extended attributes, NUL in names), built with our writer.</summary>
internal static class OwnTar
{
    public static async Task<byte[]> BuildAsync(TarHeader header, byte[] data)
    {
        var output = new MemoryStream();
        using (var writer = new TarStreamWriter(output))
        {
            await writer.WriteHeaderAsync(header, CancellationToken.None);
            if (data.Length > 0)
            {
                await writer.WriteDataAsync(data, CancellationToken.None);
            }

            await writer.FinishAsync(CancellationToken.None);
        }

        return output.ToArray();
    }
}
