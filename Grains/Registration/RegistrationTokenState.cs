namespace Gatehouse.Grains.Registration;

public sealed class RegistrationTokenState
{
    /// <summary>The short code under the password KDF: codes are short enough to guess offline from a plain digest.</summary>
    public string CodeHash { get; set; } = "";

    public RegistrationTarget Target { get; set; }

    public int UsesLeft { get; set; }

    public DateTimeOffset ExpiresAt { get; set; }

    public string CreatorId { get; set; } = "";

    public string? CreatorAccountId { get; set; }

    public bool Revoked { get; set; }

    public int FailedGuesses { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}
