namespace Gatehouse.Tests.Hosting;

/// <summary>A new API key: <see cref="Key"/> ("id.secret") for Bearer or access_token; <see cref="Id"/> and <see cref="Secret"/> for Basic.</summary>
public sealed record IssuedKey(string Id, string Key, string Secret);
