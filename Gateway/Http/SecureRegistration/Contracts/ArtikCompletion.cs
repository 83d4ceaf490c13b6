namespace Gatehouse.Gateway.Http.SecureRegistration.Contracts;

/// <summary>The device token, the owner's uid and the new did.</summary>
public sealed record ArtikCompletion(string AccessToken, string Uid, string Did);
