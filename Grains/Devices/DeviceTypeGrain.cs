using Gatehouse.Grains.Security;
using Gatehouse.Runtime;
using Gatehouse.Runtime.Persistence;

namespace Gatehouse.Grains.Devices;

/// <summary>A device type: its fields and who may see, use and manage it (<see cref="IDeviceTypeGrain"/>).</summary>
/// <remarks>Its trust for secure registration (ARTIK) is in <c>DeviceTypeGrain.Trust.cs</c>.</remarks>
public sealed partial class DeviceTypeGrain(
    [PersistentState("deviceType")] IPersistentState<DeviceTypeState> type,
    Gatehouse.Grains.Audit.IAuditLog audit,
    TimeProvider time) : Grain, IDeviceTypeGrain
{
    private DeviceTypeState State => type.State;

    public async Task<DeviceTypeView> CreateAsync(Caller caller, NewDeviceType newType)
    {
        caller.Require(Permissions.DevicesCreate);
        if (caller.Kind != PrincipalKind.User)
        {
            throw new AccessDeniedException("Device types are owned by users.");
        }
        if (!IsTypeId(GetPrimaryKeyString()))
        {
            throw new InvalidRequestException("A device type id is 'dt' and 32 lowercase hex digits.");
        }
        if (type.RecordExists)
        {
            throw new ResourceConflictException("This device type already exists.");
        }
        var now = time.GetUtcNow();
        type.State = new DeviceTypeState
        {
            Name = DeviceRules.Name(newType.Name),
            Description = newType.Description,
            OwnerId = caller.Id,
            AccountId = caller.AccountId,
            Visibility = newType.Visibility,
            Fields = DeviceRules.Fields(newType.Fields),
            CreatedAt = now,
            UpdatedAt = now,
        };
        await type.WriteStateAsync();
        return View();
    }

    public Task<DeviceTypeView> GetAsync(Caller caller)
    {
        EnsureExists();
        if (State.Visibility != DeviceVisibility.Public && !IsManager(caller, Permissions.DevicesRead) && !IsAccountOperator(caller, Permissions.DevicesRead))
        {
            caller.RequireAuthenticated();
            throw new AccessDeniedException("The caller may not read this device type.");
        }
        return Task.FromResult(View());
    }

    public async Task<DeviceTypeView> UpdateAsync(Caller caller, DeviceTypeUpdate update)
    {
        EnsureExists();
        RequireManager(caller, Permissions.DevicesWrite);
        // Validate everything first, so a bad member leaves the type as it was.
        var name = update.Name is null ? State.Name : DeviceRules.Name(update.Name);
        var fields = update.Fields is { } newFields ? DeviceRules.Fields(newFields) : State.Fields;
        State.Name = name;
        State.Description = update.Description ?? State.Description;
        State.Fields = fields;
        State.Visibility = update.Visibility ?? State.Visibility;
        State.UpdatedAt = time.GetUtcNow();
        await type.WriteStateAsync();
        return View();
    }

    public async Task DeleteAsync(Caller caller)
    {
        EnsureExists();
        RequireManager(caller, Permissions.DevicesDelete);
        await type.ClearStateAsync();
    }

    public Task<DeviceTypeView> UseAsync(Caller caller)
    {
        EnsureExists();
        caller.RequireAuthenticated();
        if (State.Visibility != DeviceVisibility.Public && !IsManager(caller, Permissions.DevicesCreate) && !IsAccountOperator(caller, Permissions.DevicesCreate))
        {
            throw new AccessDeniedException("The caller may not create devices of this private device type.");
        }
        return Task.FromResult(View());
    }

    public static bool IsTypeId(string id) =>
        id.Length == 34 && id.StartsWith("dt", StringComparison.Ordinal) && id.AsSpan(2).IndexOfAnyExcept("0123456789abcdef") < 0;

    private void RequireManager(Caller caller, string permission)
    {
        caller.RequireAuthenticated();
        if (!IsManager(caller, permission))
        {
            throw new AccessDeniedException("Only the device type's owner may do this.");
        }
    }

    private bool IsManager(Caller caller, string permission) =>
        caller.IsSystemAdmin || (caller.Kind == PrincipalKind.User && caller.Id == State.OwnerId && caller.Has(permission));

    private bool IsAccountOperator(Caller caller, string permission) =>
        caller.Kind == PrincipalKind.User && State.AccountId is not null && caller.HasInAccount(permission, State.AccountId);

    private void EnsureExists()
    {
        if (!type.RecordExists)
        {
            throw new ResourceNotFoundException("No such device type.");
        }
    }

    private DeviceTypeView View() => new(GetPrimaryKeyString(), State.Name, State.Description, State.OwnerId, State.Visibility,
        [.. State.Fields], State.CreatedAt, State.UpdatedAt, State.TrustedCertificates.Count > 0, TrustView());
}
