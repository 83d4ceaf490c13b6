namespace Gatehouse.Grains.Identity.TwoFactor;

/// <summary>
/// The persisted side of one SMS (or similar) login code: never the code itself, only a keyed hash
/// of it, plus the limits. Immutable and plain data, so a grain keeps it in its state and
/// System.Text.Json round-trips it; every verification returns the next version to store.
/// </summary>
public sealed record OneTimeCodeChallenge
{
    /// <summary>Base64 of the random 256-bit HMAC key, new for every challenge.</summary>
    public required string Key { get; init; }

    /// <summary>Base64 of HMAC-SHA256(<see cref="Key"/>, code).</summary>
    public required string Hash { get; init; }

    public required DateTimeOffset IssuedAt { get; init; }

    /// <summary>The code stops working at this instant.</summary>
    public required DateTimeOffset ExpiresAt { get; init; }

    public required int MaxAttempts { get; init; }

    /// <summary>Wrong (or malformed) codes submitted so far.</summary>
    public int FailedAttempts { get; init; }

    /// <summary>True once the code has been accepted; it is single-use.</summary>
    public bool Used { get; init; }
}
