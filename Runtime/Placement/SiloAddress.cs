namespace Gatehouse.Runtime.Placement;

/// <summary>
/// Where a silo can be reached, plus its generation (start time) so that a restarted silo on the
/// same endpoint is a different member.
/// </summary>
public sealed record SiloAddress(string Host, int Port, long Generation)
{
    public override string ToString() => $"{Host}:{Port}@{Generation}";
}
