namespace Gatehouse.Gateway.Http.Identity.Contracts;

/// <summary>A new key. Key is "id.secret" for Bearer or access_token; Id and Secret are the HTTP Basic pair. Shown once.</summary>
public sealed record CreatedKeyResponse(string Id, string Key, string Secret, Gatehouse.Grains.Identity.ApiKeyView Details);
