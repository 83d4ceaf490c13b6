namespace Gatehouse.Gateway.Http.SecureRegistration.Contracts;

/// <summary><c>{"data":{"rid":…,"pin":…,"nonce":…,"expiresOn":…}}</c>.</summary>
public sealed record ArtikRegistrationResponse(ArtikRegistration Data);
