namespace Gatehouse.Grains.Registration;

/// <summary>What a redeemer supplies: a username and password for a user, a name for a guardian.</summary>
public sealed record RegistrationRedemption(string? Username, string? Password, string? Name);
