namespace Gatehouse.Identity.Tests.Authorization;

/// <summary>
/// One request of a matrix row: method, path with the world's ids filled in, and an optional
/// body: JSON, or an <c>application/x-www-form-urlencoded</c> form for the OAuth2 endpoints.
/// </summary>
public sealed record MatrixRequest(HttpMethod Method, string Path, object? Body = null, IReadOnlyList<KeyValuePair<string, string>>? Form = null);
