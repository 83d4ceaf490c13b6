namespace Gatehouse.Runtime.Placement;

/// <summary>
/// Where a silo can be reached, plus its generation (start time) so that a restarted silo on the
/// same endpoint is a different member.
/// </summary>
public sealed record SiloAddress(string Host, int Port, long Generation)
{
    public override string ToString() => $"{Host}:{Port}@{Generation}";

    /// <summary>Reads the <see cref="ToString"/> form back (the host may itself contain colons, as IPv6 does).</summary>
    public static bool TryParse(string value, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out SiloAddress? address)
    {
        address = null;
        var at = value.LastIndexOf('@');
        var colon = at > 0 ? value.LastIndexOf(':', at - 1) : -1;
        if (colon <= 0
            || !int.TryParse(value.AsSpan(colon + 1, at - colon - 1), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var port)
            || port > 65535
            || !long.TryParse(value.AsSpan(at + 1), System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out var generation))
        {
            return false;
        }
        address = new SiloAddress(value[..colon], port, generation);
        return true;
    }
}
