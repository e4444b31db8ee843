using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;

namespace Berth.Oci;

/// <summary>
/// A content digest, <c>algorithm:encoded</c> (OCI image-spec descriptor.md). Only sha256 and sha512 are accepted:
/// the spec says implementations SHOULD support sha256 and MAY support sha512, and the encoded part MUST be lower-case hex
/// of the algorithm's length.
/// </summary>
[JsonConverter(typeof(DigestJsonConverter))]
public readonly partial record struct Digest
{
    private Digest(string algorithm, string encoded)
    {
        Algorithm = algorithm;
        Encoded = encoded;
    }

    public string Algorithm { get; }

    /// <summary>The hex part after the colon.</summary>
    public string Encoded { get; }

    public bool IsDefault => Algorithm is null;

    public static Digest Parse(string text) =>
        TryParse(text, out var d, out var error) ? d : throw BerthException.InvalidArgument(error);

    public static bool TryParse([NotNullWhen(true)] string? text, out Digest digest) => TryParse(text, out digest, out _);

    public static bool TryParse(string? text, out Digest digest, out string error)
    {
        digest = default;
        if (string.IsNullOrEmpty(text))
        {
            error = "invalid digest \"\": empty";
            return false;
        }

        var m = Grammar().Match(text);
        if (!m.Success)
        {
            error = $"invalid digest \"{text}\": expected algorithm:hex, e.g. sha256:<64 hex digits>";
            return false;
        }

        var algorithm = m.Groups[1].Value;
        var encoded = m.Groups[2].Value;
        var expected = algorithm switch { "sha256" => 64, "sha512" => 128, _ => -1 };
        if (expected < 0)
        {
            error = $"invalid digest \"{text}\": unsupported digest algorithm \"{algorithm}\"";
            return false;
        }

        if (encoded.Length != expected || !HexGrammar().IsMatch(encoded))
        {
            error = $"invalid digest \"{text}\": {algorithm} needs {expected} lower-case hex digits";
            return false;
        }

        digest = new Digest(algorithm, encoded);
        error = "";
        return true;
    }

    public static Digest FromSha256Bytes(ReadOnlySpan<byte> hash) => new("sha256", Convert.ToHexStringLower(hash));

    /// <summary>The sha256 digest of <paramref name="content"/>.</summary>
    public static Digest Compute(ReadOnlySpan<byte> content) => FromSha256Bytes(SHA256.HashData(content));

    /// <summary>The first 12 hex digits, as podman shows short IDs.</summary>
    public string ShortId => Encoded[..12];

    public override string ToString() => IsDefault ? "" : $"{Algorithm}:{Encoded}";

    [GeneratedRegex("^([a-z0-9]+(?:[.+_-][a-z0-9]+)*):([a-zA-Z0-9=_-]+)$")]
    private static partial Regex Grammar();

    [GeneratedRegex("^[a-f0-9]+$")]
    private static partial Regex HexGrammar();
}

/// <summary>Digests are JSON strings.</summary>
public sealed class DigestJsonConverter : JsonConverter<Digest>
{
    public override Digest Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var text = reader.GetString();
        return Digest.TryParse(text, out var d, out var error) ? d : throw new JsonException(error);
    }

    public override void Write(Utf8JsonWriter writer, Digest value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.ToString());
}
