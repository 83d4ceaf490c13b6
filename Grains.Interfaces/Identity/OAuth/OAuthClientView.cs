using System.Collections.Immutable;

namespace Gatehouse.Grains.Identity.OAuth;

/// <summary>A registered client as its owner sees it. Never its secret.</summary>
public sealed record OAuthClientView(
    string ClientId,
    string Name,
    string OwnerId,
    ImmutableArray<string> RedirectUris,
    ImmutableArray<string> Scopes,
    bool Confidential,
    DateTimeOffset CreatedAt,
    bool Revoked);
