namespace Gatehouse.Gateway.Http.SecureRegistration.Contracts;

/// <summary><c>{"data":{"accessToken":…,"uid":…,"did":…}}</c>.</summary>
public sealed record ArtikCompletionResponse(ArtikCompletion Data);
