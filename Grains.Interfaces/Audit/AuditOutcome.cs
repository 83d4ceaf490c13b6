namespace Gatehouse.Grains.Audit;

/// <summary>How the audited attempt ended.</summary>
public enum AuditOutcome
{
    /// <summary>It happened: the login worked, the key was created.</summary>
    Succeeded,

    /// <summary>The credential or the request was wrong: bad password, expired token, unknown key.</summary>
    Failed,

    /// <summary>The caller was known but lacked the permission.</summary>
    Denied,
}
