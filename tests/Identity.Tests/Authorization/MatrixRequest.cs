namespace Gatehouse.Identity.Tests.Authorization;

/// <summary>One request of a matrix row: method, path with the world's ids filled in, and an optional JSON body.</summary>
public sealed record MatrixRequest(HttpMethod Method, string Path, object? Body = null);
