using System.Text;

namespace Gatehouse.Runtime;

/// <summary>
/// The identity of a grain: its grain type (a stable name, see <see cref="GrainTypeAttribute"/>)
/// plus a string key. Guid and integer keys are carried as their canonical string forms so that
/// one identity type, one storage schema and one placement hash serve every key kind.
/// </summary>
public readonly record struct GrainId(string Type, string Key)
{
    public override string ToString() => $"{Type}/{Key}";

    /// <summary>
    /// A hash that is the same in every process and on every machine (unlike
    /// <see cref="string.GetHashCode()"/>, which is randomized per process). Placement and the
    /// reminder table partition grains by this value, so it must never change between versions.
    /// </summary>
    public uint GetUniformHashCode()
    {
        // FNV-1a over the UTF-8 of "type/key", followed by a final avalanche so that keys which
        // differ only in their last characters still spread over the whole 32-bit range.
        uint hash = 2166136261;
        Span<byte> buffer = stackalloc byte[256];
        foreach (var part in new[] { Type, "/", Key })
        {
            var byteCount = Encoding.UTF8.GetByteCount(part);
            var bytes = byteCount <= buffer.Length ? buffer[..byteCount] : new byte[byteCount];
            Encoding.UTF8.GetBytes(part, bytes);
            foreach (var b in bytes)
            {
                hash ^= b;
                hash *= 16777619;
            }
        }
        hash ^= hash >> 16;
        hash *= 0x85ebca6b;
        hash ^= hash >> 13;
        hash *= 0xc2b2ae35;
        hash ^= hash >> 16;
        return hash;
    }

    /// <summary>Parses the <c>type/key</c> form produced by <see cref="ToString"/>.</summary>
    public static GrainId Parse(string value)
    {
        var slash = value.IndexOf('/');
        if (slash <= 0)
        {
            throw new FormatException($"'{value}' is not a grain id of the form type/key.");
        }
        return new GrainId(value[..slash], value[(slash + 1)..]);
    }
}
