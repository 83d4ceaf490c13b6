using System.Collections.Immutable;

namespace Gatehouse.Grains.Identity.OAuth;

/// <summary>
/// An authorization request the consent page is showing, already checked against the client's
/// registration. It is kept server-side behind the page's single-use form token, so nothing the
/// browser posts back can change the client, redirect URI, requested scope, state or PKCE
/// challenge. After the password step of a two-factor user it also holds who is logging in and
/// which scopes they chose.
/// </summary>
/// <param name="RedirectUriGiven">Whether the request named the redirect URI; the token request must then repeat it (RFC 6749 §4.1.3).</param>
/// <param name="CodeChallenge">The RFC 7636 S256 challenge, when the client sent one.</param>
/// <param name="UserId">Set once the password was right and a second factor is awaited.</param>
/// <param name="ChosenScopes">The scopes the user ticked, when <paramref name="UserId"/> is set.</param>
/// <param name="SecondFactors">The second factors the user may answer with ("totp", "sms", "recovery"), when <paramref name="UserId"/> is set.</param>
public sealed record PendingAuthorization(
    string ClientId,
    string ClientName,
    string RedirectUri,
    bool RedirectUriGiven,
    ImmutableArray<string> Scopes,
    string? State,
    string? CodeChallenge,
    string? UserId = null,
    ImmutableArray<string> ChosenScopes = default,
    ImmutableArray<string> SecondFactors = default);
