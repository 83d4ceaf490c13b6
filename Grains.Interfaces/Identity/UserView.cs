using Gatehouse.Grains.Security;

namespace Gatehouse.Grains.Identity;

/// <summary>A user as API clients see it. Holds no secret and no hash.</summary>
public sealed record UserView(
    string Id,
    string Username,
    string? DisplayName,
    string? Email,
    string? Phone,
    PrincipalKind Kind,
    string? AccountId,
    AccountRole AccountRole,
    string? Role,
    string? ApplicationId,
    bool SystemAdmin,
    bool Disabled,
    bool TotpEnabled,
    bool SmsEnabled,
    DateTimeOffset CreatedAt);
