namespace Gatehouse.Grains.Accounts;

/// <summary>A new application and its two keys (<c>id.secret</c>), shown once.</summary>
public sealed record CreatedApplication(ApplicationView Application, string ApplicationApiKey, string TrustedApplicationApiKey);
