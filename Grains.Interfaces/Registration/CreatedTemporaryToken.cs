using System.Collections.Immutable;

namespace Gatehouse.Grains.Registration;

/// <summary>A new temporary token: <c>x-auth-user: token/{Id}</c> with <c>x-auth-token: {Token}</c>. Shown once.</summary>
public sealed record CreatedTemporaryToken(string Id, string Token, ImmutableArray<string> Endpoints, int Uses, DateTimeOffset ExpiresAt);
