using System.Collections.Immutable;

namespace Gatehouse.Grains.Identity.OAuth;

/// <summary>
/// A client to register (RFC 6749 §2). <see cref="Scopes"/> are what the client may ask for, not
/// what it gets: each user decides at consent, and a token never exceeds its user's authority.
/// <see cref="Confidential"/> clients get a secret (a server-side application); public clients
/// (a native or browser app) get none and must use PKCE (RFC 7636).
/// </summary>
public sealed record OAuthClientSpec(string Name, ImmutableArray<string> RedirectUris, ImmutableArray<string> Scopes, bool Confidential);
