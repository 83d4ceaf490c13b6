using System.Collections.Immutable;
using Gatehouse.Grains.Security;

namespace Gatehouse.Grains.Identity;

/// <summary>A key as its owner and administrators see it. Never the secret.</summary>
public sealed record ApiKeyView(
    string Id,
    string Name,
    ApiKeyKind Kind,
    string Owner,
    string? AccountId,
    ImmutableArray<string> Scopes,
    bool Elevated,
    DateTimeOffset CreatedAt,
    DateTimeOffset? ExpiresAt,
    bool Revoked,
    DateTimeOffset? LastUsedAt,
    long UsageCount);
