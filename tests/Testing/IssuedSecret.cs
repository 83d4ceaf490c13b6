namespace Gatehouse.Tests.Hosting;

/// <summary>A device token, temporary token or registration code: its public id and the secret shown once.</summary>
public sealed record IssuedSecret(string Id, string Secret);
