namespace Gatehouse.Grains.Identity.OAuth;

/// <summary>A consent page's pending request and the SHA-256 of its form token.</summary>
public sealed class AuthorizationRequestState
{
    public PendingAuthorization? Request { get; set; }

    public byte[] TokenDigest { get; set; } = [];

    public DateTimeOffset ExpiresAt { get; set; }
}
