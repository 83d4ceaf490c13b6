using Gatehouse.Grains.Identity;
using Gatehouse.Grains.Security;

namespace Gatehouse.Grains.Registration;

public sealed class TemporaryTokenState
{
    public byte[] Digest { get; set; } = [];

    public Subject? Creator { get; set; }

    public PermissionSet? Scopes { get; set; }

    public List<string> Endpoints { get; set; } = [];

    public int UsesLeft { get; set; }

    public DateTimeOffset ExpiresAt { get; set; }

    public bool Revoked { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}
