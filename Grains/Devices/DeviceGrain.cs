using Gatehouse.Grains.Audit;
using System.Collections.Immutable;
using Gatehouse.Grains.Identity;
using Gatehouse.Grains.Identity.Keys;
using Gatehouse.Grains.Identity.Tokens;
using Gatehouse.Grains.Security;
using Gatehouse.Runtime;
using Gatehouse.Runtime.Persistence;
using Microsoft.Extensions.Options;

namespace Gatehouse.Grains.Devices;

/// <summary>
/// A device as a principal and a resource. This is the identity part (owner, account, tokens,
/// keys); the device model (types, fields, visibility, sharing, messages) builds on it.
/// </summary>
public sealed class DeviceGrain(
    [PersistentState("device")] IPersistentState<DeviceState> device,
    IAuditLog audit,
    IOptions<IdentityOptions> options,
    TimeProvider time) : Grain, IDeviceGrain
{
    private DeviceState State => device.State;

    private Subject Self => new(PrincipalKind.Device, GetPrimaryKeyString());

    public async Task<DeviceView> CreateAsync(Caller caller, NewDevice newDevice)
    {
        caller.Require(Permissions.DevicesCreate);
        var ownerId = newDevice.OwnerId ?? caller.Id;
        string? accountId = caller.AccountId;
        if (ownerId != caller.Id || caller.Kind != PrincipalKind.User)
        {
            // Creating for someone else: system administrators anywhere, account operators inside their account.
            var owner = await GrainFactory.GetGrain<IUserGrain>(ownerId).GetAsync(caller);
            accountId = owner.AccountId;
            if (!caller.IsSystemAdmin && !caller.HasInAccount(Permissions.DevicesCreate, accountId))
            {
                throw new AccessDeniedException("Only an administrator may create a device for another user.");
            }
        }
        return await InitializeAsync(newDevice, ownerId, accountId, caller.Describe());
    }

    public async Task<DeviceView> InitializeAsync(NewDevice newDevice, string ownerId, string? accountId, string createdBy)
    {
        if (device.RecordExists)
        {
            throw new ResourceConflictException("This device already exists.");
        }
        if (string.IsNullOrWhiteSpace(newDevice.Name) || newDevice.Name.Length > 200)
        {
            throw new InvalidRequestException("A device needs a name of 1 to 200 characters.");
        }
        device.State = new DeviceState
        {
            Name = newDevice.Name.Trim(),
            Description = newDevice.Description,
            OwnerId = ownerId,
            AccountId = accountId,
            CreatedAt = time.GetUtcNow(),
            CreatedBy = createdBy,
        };
        await device.WriteStateAsync();
        return View();
    }

    public Task<Caller?> BuildCallerAsync(CredentialUse use)
    {
        if (!device.RecordExists)
        {
            return Task.FromResult<Caller?>(null);
        }
        var permissions = RolePermissions.Device;
        if (use.Scopes is { } scopes)
        {
            permissions = use.Elevated ? scopes : permissions.Intersect(scopes);
        }
        return Task.FromResult<Caller?>(new Caller
        {
            Kind = PrincipalKind.Device,
            Id = GetPrimaryKeyString(),
            AccountId = State.AccountId,
            Permissions = permissions,
            Credential = use.Credential,
            CredentialId = use.CredentialId,
            KeyKind = use.KeyKind,
        });
    }

    public Task<DeviceView> GetAsync(Caller caller)
    {
        EnsureExists();
        RequireAccess(caller, Permissions.DevicesRead, allowSelf: true);
        return Task.FromResult(View());
    }

    public async Task<IssuedToken> IssueTokenAsync(Caller caller, TimeSpan? lifetime)
    {
        EnsureExists();
        RequireAccess(caller, Permissions.DevicesWrite, allowSelf: false);
        if (lifetime is { } requested && requested <= TimeSpan.Zero)
        {
            throw new InvalidRequestException("A token lifetime must be positive.");
        }
        var issued = await TokenIssuer.IssueAsync(GrainFactory, TokenKind.Device, Self, time.GetUtcNow(), lifetime ?? options.Value.DeviceTokenLifetime, "all");
        await audit.RecordAsync(AuditActions.TokenIssued, caller, "device", GetPrimaryKeyString(), State.AccountId,
            details: ImmutableDictionary<string, string>.Empty.Add("tokenId", issued.TokenId));
        return issued;
    }

    public async Task<CreatedApiKey> CreateKeyAsync(Caller caller, ApiKeySpec spec)
    {
        EnsureExists();
        RequireAccess(caller, Permissions.DevicesWrite, allowSelf: false);
        caller.Require(Permissions.KeysCreate);
        var created = await ApiKeyFactory.CreateAsync(GrainFactory, time, caller, ApiKeyKind.Device, Self, State.AccountId, spec);
        State.KeyIds.Add(created.View.Id);
        await device.WriteStateAsync();
        return created;
    }

    public async Task<ImmutableArray<ApiKeyView>> ListKeysAsync(Caller caller)
    {
        EnsureExists();
        RequireAccess(caller, Permissions.DevicesRead, allowSelf: false);
        var views = await Task.WhenAll(State.KeyIds.Select(id => GrainFactory.GetGrain<IApiKeyGrain>(id).GetAsync(caller)));
        return [.. views];
    }

    public Task<bool> CanManageCredentialsAsync(Caller caller)
    {
        if (!device.RecordExists || !caller.IsAuthenticated)
        {
            return Task.FromResult(false);
        }
        try
        {
            RequireAccess(caller, Permissions.DevicesWrite, allowSelf: false);
            return Task.FromResult(true);
        }
        catch (AccessDeniedException)
        {
            return Task.FromResult(false);
        }
    }

    /// <summary>The owner, operators of the device's account holding the permission, system administrators, and (when allowed) the device itself.</summary>
    private void RequireAccess(Caller caller, string permission, bool allowSelf)
    {
        caller.RequireAuthenticated();
        var isSelf = allowSelf && caller.Kind == PrincipalKind.Device && caller.Id == GetPrimaryKeyString();
        var isOwner = caller.Kind == PrincipalKind.User && caller.Id == State.OwnerId;
        if ((isSelf || isOwner) && caller.Has(permission))
        {
            return;
        }
        if (caller.Kind == PrincipalKind.User && caller.HasInAccount(permission, State.AccountId))
        {
            return;
        }
        if (caller.IsSystemAdmin)
        {
            return;
        }
        throw new AccessDeniedException("The caller may not do this to this device.");
    }

    private void EnsureExists()
    {
        if (!device.RecordExists)
        {
            throw new ResourceNotFoundException("No such device.");
        }
    }

    private DeviceView View() => new(GetPrimaryKeyString(), State.Name, State.Description, State.OwnerId, State.AccountId, State.CreatedAt);
}
