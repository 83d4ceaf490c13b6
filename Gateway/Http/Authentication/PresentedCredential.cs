namespace Gatehouse.Gateway.Http.Authentication;

/// <summary>
/// The one credential a request presents, as parsed and not yet verified: verification belongs
/// to the credential's grain. A struct, because it is made for every request and lives only
/// until the grain call: besides the strings taken from the request it allocates nothing.
/// Accessors for another kind's values throw, so a caller switches on <see cref="Kind"/> first.
/// </summary>
public readonly struct PresentedCredential : IEquatable<PresentedCredential>
{
    // Bearer: _first = token. Basic: _first = id, _second = secret. Principal: _first = guid, _second = token.
    private readonly string? _first;
    private readonly string? _second;

    private PresentedCredential(PresentedCredentialKind kind, CredentialSource source, PrincipalType principalType, string? first, string? second)
    {
        Kind = kind;
        Source = source;
        PrincipalType = principalType;
        _first = first;
        _second = second;
    }

    /// <summary>No credential: the request runs as the anonymous caller.</summary>
    public static PresentedCredential None => default;

    public PresentedCredentialKind Kind { get; }

    /// <summary>Where the credential was found; the highest-precedence place when it was found in several.</summary>
    public CredentialSource Source { get; }

    /// <summary>The RFCx principal type; <see cref="Authentication.PrincipalType.None"/> unless <see cref="Kind"/> is <see cref="PresentedCredentialKind.Principal"/>.</summary>
    public PrincipalType PrincipalType { get; }

    public bool IsNone => Kind == PresentedCredentialKind.None;

    /// <summary>The token of a <see cref="PresentedCredentialKind.Bearer"/> or <see cref="PresentedCredentialKind.Principal"/> credential.</summary>
    public string Token => Kind switch
    {
        PresentedCredentialKind.Bearer => _first!,
        PresentedCredentialKind.Principal => _second!,
        _ => throw WrongKind(nameof(Token)),
    };

    /// <summary>The id (username or API key id) of a <see cref="PresentedCredentialKind.Basic"/> credential.</summary>
    public string Id => Kind == PresentedCredentialKind.Basic ? _first! : throw WrongKind(nameof(Id));

    /// <summary>The secret (password or API key secret) of a <see cref="PresentedCredentialKind.Basic"/> credential; may be empty (RFC 7617 §2).</summary>
    public string Secret => Kind == PresentedCredentialKind.Basic ? _second! : throw WrongKind(nameof(Secret));

    /// <summary>The <c>[user_guid]</c> of a <see cref="PresentedCredentialKind.Principal"/> credential, exactly as sent.</summary>
    public string PrincipalGuid => Kind == PresentedCredentialKind.Principal ? _first! : throw WrongKind(nameof(PrincipalGuid));

    public static PresentedCredential Bearer(string token, CredentialSource source)
    {
        ArgumentNullException.ThrowIfNull(token);
        return new(PresentedCredentialKind.Bearer, source, PrincipalType.None, token, null);
    }

    public static PresentedCredential Basic(string id, string secret, CredentialSource source)
    {
        ArgumentNullException.ThrowIfNull(id);
        ArgumentNullException.ThrowIfNull(secret);
        return new(PresentedCredentialKind.Basic, source, PrincipalType.None, id, secret);
    }

    public static PresentedCredential Principal(PrincipalType type, string guid, string token, CredentialSource source)
    {
        ArgumentOutOfRangeException.ThrowIfEqual(type, PrincipalType.None);
        ArgumentNullException.ThrowIfNull(guid);
        ArgumentNullException.ThrowIfNull(token);
        return new(PresentedCredentialKind.Principal, source, type, guid, token);
    }

    /// <summary>
    /// True when both are the same credential wherever they were found: same kind, same values,
    /// compared ordinally. Not constant-time, and need not be: both values come from the same
    /// request, so the timing tells its sender nothing they do not already know.
    /// </summary>
    public bool IsSameCredentialAs(in PresentedCredential other) =>
        Kind == other.Kind
        && PrincipalType == other.PrincipalType
        && string.Equals(_first, other._first, StringComparison.Ordinal)
        && string.Equals(_second, other._second, StringComparison.Ordinal);

    /// <summary>Same credential from the same source.</summary>
    public bool Equals(PresentedCredential other) => Source == other.Source && IsSameCredentialAs(other);

    public override bool Equals(object? obj) => obj is PresentedCredential other && Equals(other);

    public override int GetHashCode() => HashCode.Combine(Kind, Source, PrincipalType, _first, _second);

    public static bool operator ==(PresentedCredential left, PresentedCredential right) => left.Equals(right);

    public static bool operator !=(PresentedCredential left, PresentedCredential right) => !left.Equals(right);

    /// <summary>For logs: the kind, the public part and the source, never a token or secret.</summary>
    public override string ToString() => Kind switch
    {
        PresentedCredentialKind.Bearer => $"Bearer from {Source}",
        PresentedCredentialKind.Basic => $"Basic '{_first}' from {Source}",
        PresentedCredentialKind.Principal => $"{PrincipalType}/{_first} from {Source}",
        _ => "none",
    };

    private InvalidOperationException WrongKind(string property) =>
        new($"{property} is not defined for a {Kind} credential.");
}
