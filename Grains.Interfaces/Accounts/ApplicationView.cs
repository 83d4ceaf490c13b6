namespace Gatehouse.Grains.Accounts;

public sealed record ApplicationView(string Id, string AccountId, string Name, string PublicKeyId, string TrustedKeyId, string DefaultUserRole, DateTimeOffset CreatedAt);
