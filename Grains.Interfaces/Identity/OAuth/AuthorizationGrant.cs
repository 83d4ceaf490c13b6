namespace Gatehouse.Grains.Identity.OAuth;

/// <summary>
/// What a user consents to on the consent page: a code for this client, redeemable at this
/// redirect URI, for this scope (the user's choice, a subset of what the client asked for).
/// </summary>
public sealed record AuthorizationGrant(string ClientId, string RedirectUri, bool RedirectUriGiven, string Scope, string? CodeChallenge);
