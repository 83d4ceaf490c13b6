namespace Gatehouse.Grains.Security;

/// <summary>The five EVRYTHNG key kinds. What each may do is in <c>docs/permissions.md</c>.</summary>
public enum ApiKeyKind
{
    /// <summary>Belongs to a user (operator, account administrator or plain user) and acts for them, within its scopes.</summary>
    Operator,

    /// <summary>Public, embedded in apps: can only create application users and read its application.</summary>
    Application,

    /// <summary>Secret, server-side: manages its application's users and what the application may see.</summary>
    TrustedApplication,

    /// <summary>Belongs to an application user and acts for them, within their application-user role.</summary>
    ApplicationUser,

    /// <summary>Belongs to a device: reads itself and publishes its own data.</summary>
    Device,
}
