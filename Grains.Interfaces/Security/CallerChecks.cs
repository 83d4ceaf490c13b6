namespace Gatehouse.Grains.Security;

/// <summary>The checks grains make before acting, each throwing the error the gateway maps to a status.</summary>
public static class CallerChecks
{
    public static void RequireAuthenticated(this Caller caller)
    {
        if (!caller.IsAuthenticated)
        {
            throw new NotAuthenticatedException("This request needs credentials.");
        }
    }

    public static void Require(this Caller caller, string permission)
    {
        caller.RequireAuthenticated();
        if (!caller.Has(permission))
        {
            throw new AccessDeniedException($"The caller lacks the '{permission}' permission.");
        }
    }

    public static void RequireInAccount(this Caller caller, string permission, string? accountId)
    {
        caller.RequireAuthenticated();
        if (!caller.HasInAccount(permission, accountId))
        {
            throw new AccessDeniedException($"The caller lacks the '{permission}' permission in this account.");
        }
    }

    public static void RequireSystemAdmin(this Caller caller)
    {
        caller.RequireAuthenticated();
        if (!caller.IsSystemAdmin)
        {
            throw new AccessDeniedException("Only system administrators may do this.");
        }
    }

    /// <summary>The caller is this user (through any credential that carries <paramref name="permission"/>), or a system administrator.</summary>
    public static void RequireSelf(this Caller caller, PrincipalKind kind, string id, string permission)
    {
        caller.RequireAuthenticated();
        if (caller.IsSystemAdmin)
        {
            return;
        }
        if (caller.Kind != kind || caller.Id != id)
        {
            throw new AccessDeniedException("The caller may act only on its own resources.");
        }
        if (!caller.Permissions.Has(permission))
        {
            throw new AccessDeniedException($"The caller lacks the '{permission}' permission.");
        }
    }
}
