namespace Gatehouse.Gateway.Http.Identity.Contracts;

/// <summary>The password was right; finish at POST /v1/auth/login/second-factor with one of Methods.</summary>
public sealed record SecondFactorChallengeResponse(bool SecondFactorRequired, string ChallengeToken, System.Collections.Immutable.ImmutableArray<string> Methods);
