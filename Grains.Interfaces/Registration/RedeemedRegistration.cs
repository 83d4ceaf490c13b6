namespace Gatehouse.Grains.Registration;

/// <summary>
/// What a redemption created: <c>user/{Guid}</c> or <c>guardian/{Guid}</c>. A guardian gets its
/// token here, once; a user logs in with the password they chose.
/// </summary>
public sealed record RedeemedRegistration(RegistrationTarget Target, string Guid, string? Token, int RemainingUses);
