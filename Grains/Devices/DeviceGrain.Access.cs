using Gatehouse.Grains.Security;

namespace Gatehouse.Grains.Devices;

/// <summary>
/// Who may do what to a device. Reading: anyone when it is public; otherwise its owner, users it
/// is shared with, operators of its account, system administrators and the device itself.
/// Writing: the owner, users it is shared with for writing, operators with <c>devices:write</c>,
/// administrators. Managing (credentials, sharing, transfer): the owner, operators with
/// <c>devices:write</c> (credentials only), administrators. Every authenticated path also needs
/// the permission in the caller's own set, so a narrowly scoped key cannot do more than its scopes.
/// </summary>
public sealed partial class DeviceGrain
{
    private void RequireRead(Caller caller)
    {
        if (State.Visibility == DeviceVisibility.Public)
        {
            return;
        }
        caller.RequireAuthenticated();
        if (caller.Has(Permissions.DevicesRead) && (IsSelf(caller) || IsOwner(caller) || SharedAccess(caller) is not null || IsAccountOperator(caller, Permissions.DevicesRead)))
        {
            return;
        }
        if (caller.IsSystemAdmin)
        {
            return;
        }
        throw new AccessDeniedException("The caller may not read this device.");
    }

    private void RequireWrite(Caller caller)
    {
        caller.RequireAuthenticated();
        var allowed = IsOwner(caller) || SharedAccess(caller) == DeviceAccess.Write || IsAccountOperator(caller, Permissions.DevicesWrite);
        if ((allowed && caller.Has(Permissions.DevicesWrite)) || caller.IsSystemAdmin)
        {
            return;
        }
        throw new AccessDeniedException("The caller may not change this device.");
    }

    /// <summary>Publishing: the device itself, the owner, users it is shared with for writing, operators with messages:publish, administrators.</summary>
    private void RequirePublish(Caller caller)
    {
        caller.RequireAuthenticated();
        var allowed = IsSelf(caller) || IsOwner(caller) || SharedAccess(caller) == DeviceAccess.Write || IsAccountOperator(caller, Permissions.MessagesPublish);
        if ((allowed && caller.Has(Permissions.MessagesPublish)) || caller.IsSystemAdmin)
        {
            return;
        }
        throw new AccessDeniedException("The caller may not send messages for this device.");
    }

    /// <summary>Reading data: anyone for a public device; otherwise the device's readers, with messages:read.</summary>
    private void RequireReadData(Caller caller)
    {
        if (State.Visibility == DeviceVisibility.Public)
        {
            return;
        }
        caller.RequireAuthenticated();
        if (caller.Has(Permissions.MessagesRead) && (IsSelf(caller) || IsOwner(caller) || SharedAccess(caller) is not null || IsAccountOperator(caller, Permissions.MessagesRead)))
        {
            return;
        }
        if (caller.IsSystemAdmin)
        {
            return;
        }
        throw new AccessDeniedException("The caller may not read this device's data.");
    }

    /// <summary>Tokens and keys: the owner, operators with devices:write in its account, administrators.</summary>
    private void RequireAccess(Caller caller, string permission, bool allowSelf)
    {
        caller.RequireAuthenticated();
        var allowed = (allowSelf && IsSelf(caller)) || IsOwner(caller) || IsAccountOperator(caller, permission);
        if ((allowed && caller.Has(permission)) || caller.IsSystemAdmin)
        {
            return;
        }
        throw new AccessDeniedException("The caller may not do this to this device.");
    }

    /// <summary>Sharing and transfer: the owner or a system administrator.</summary>
    private void RequireOwner(Caller caller)
    {
        caller.RequireAuthenticated();
        if ((IsOwner(caller) && caller.Has(Permissions.DevicesWrite)) || caller.IsSystemAdmin)
        {
            return;
        }
        throw new AccessDeniedException("Only the device's owner may do this.");
    }

    private bool CanManage(Caller caller) => caller.IsSystemAdmin || IsOwner(caller) || IsAccountOperator(caller, Permissions.DevicesWrite);

    private bool IsSelf(Caller caller) => caller.Kind == PrincipalKind.Device && caller.Id == GetPrimaryKeyString();

    private bool IsOwner(Caller caller) => caller.Kind == PrincipalKind.User && caller.Id == State.OwnerId;

    private DeviceAccess? SharedAccess(Caller caller) =>
        caller.Kind is PrincipalKind.User or PrincipalKind.ApplicationUser
            ? State.Shares.FirstOrDefault(s => s.UserId == caller.Id)?.Access
            : null;

    private bool IsAccountOperator(Caller caller, string permission) =>
        caller.Kind == PrincipalKind.User && State.AccountId is not null && caller.HasInAccount(permission, State.AccountId);
}
