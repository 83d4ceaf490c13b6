namespace Gatehouse.Grains.Identity;

/// <summary>A token as its owner sees it: everything but the secret.</summary>
public sealed record TokenView(string TokenId, TokenKind Kind, string Subject, DateTimeOffset IssuedAt, DateTimeOffset ExpiresAt, bool Revoked, string Scope, string? ClientId = null);
