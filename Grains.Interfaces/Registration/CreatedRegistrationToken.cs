namespace Gatehouse.Grains.Registration;

/// <summary>A new registration token: present it as <c>x-auth-user: register/{Id}</c> with <c>x-auth-token: {Code}</c>. The code is shown once.</summary>
public sealed record CreatedRegistrationToken(string Id, string Code, RegistrationTarget Target, int Uses, DateTimeOffset ExpiresAt);
