using Gatehouse.Grains.Audit;
using System.Collections.Immutable;
using Gatehouse.Grains.Identity;
using Gatehouse.Grains.Identity.Keys;
using Gatehouse.Grains.Identity.Tokens;
using Gatehouse.Grains.Messages;
using Gatehouse.Grains.Security;
using Gatehouse.Runtime;
using Gatehouse.Runtime.Persistence;
using Microsoft.Extensions.Options;

namespace Gatehouse.Grains.Devices;

/// <summary>
/// A device as a principal and a resource: its owner, account, tokens and keys here; its
/// descriptive model (visibility, sharing, properties, fields, transfer) in
/// <c>DeviceGrain.Model.cs</c>; its messages and live feed in <c>DeviceGrain.Messages.cs</c>;
/// who may do what in <c>DeviceGrain.Access.cs</c>.
/// </summary>
public sealed partial class DeviceGrain(
    [PersistentState("device")] IPersistentState<DeviceState> device,
    IAuditLog audit,
    IMessageStore messages,
    IOptions<IdentityOptions> options,
    IOptions<MessageOptions> messageOptions,
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
        if (newDevice.TypeId is { } typeId)
        {
            // The type decides whether this caller may use it; a device that declares no fields takes the type's.
            DeviceTypeView deviceType;
            try
            {
                deviceType = await GrainFactory.GetGrain<IDeviceTypeGrain>(typeId).UseAsync(caller);
            }
            catch (ResourceNotFoundException)
            {
                throw new InvalidRequestException($"typeId '{typeId}' names no device type.");
            }
            if (newDevice.Fields.IsDefaultOrEmpty)
            {
                newDevice = newDevice with { Fields = deviceType.Fields };
            }
        }
        return await InitializeAsync(newDevice, ownerId, accountId, caller.Describe());
    }

    public Task<DeviceView> InitializeAsync(NewDevice newDevice, string ownerId, string? accountId, string createdBy) =>
        InitializeCoreAsync(newDevice, ownerId, accountId, createdBy, certificateThumbprint: null);

    private async Task<DeviceView> InitializeCoreAsync(NewDevice newDevice, string ownerId, string? accountId, string createdBy, string? certificateThumbprint)
    {
        if (device.RecordExists)
        {
            throw new ResourceConflictException("This device already exists.");
        }
        var now = time.GetUtcNow();
        var state = new DeviceState
        {
            Name = DeviceRules.Name(newDevice.Name),
            Description = newDevice.Description,
            OwnerId = ownerId,
            OwnerUsername = await GrainFactory.GetGrain<IUserGrain>(ownerId).GetUsernameAsync(),
            AccountId = accountId,
            TypeId = newDevice.TypeId,
            VendorDeviceId = newDevice.VendorDeviceId,
            Handle = DeviceRules.Handle(newDevice.Handle),
            Visibility = newDevice.Visibility,
            Location = DeviceRules.Location(newDevice.Location),
            Tags = DeviceRules.Tags(newDevice.Tags),
            Fields = DeviceRules.Fields(newDevice.Fields),
            CreatedAt = now,
            UpdatedAt = now,
            CreatedBy = createdBy,
            CertificateThumbprint = certificateThumbprint,
        };
        DeviceRules.MergeProperties(state.Properties, newDevice.Properties);
        // Claim the handle before writing: if the process dies in between, the claim points at a
        // device that does not exist and the handle grain lets the next device take it.
        if (state.Handle is { } handle && !await HandleGrain(ownerId, handle).TryClaimAsync(GetPrimaryKeyString()))
        {
            throw new ResourceConflictException($"The owner already has a device with handle '{handle}'.");
        }
        state.Number = await GrainFactory.GetGrain<ISequenceGrain>("device").NextAsync();
        device.State = state;
        await device.WriteStateAsync();
        return View(includeShares: true);
    }

    public async Task<SecureDeviceCreated> InitializeSecureAsync(NewDevice newDevice, string ownerId, string? accountId, string createdBy, string certificateThumbprint)
    {
        var view = await InitializeCoreAsync(newDevice, ownerId, accountId, createdBy, certificateThumbprint);
        var issued = await TokenIssuer.IssueAsync(GrainFactory, TokenKind.Device, Self, time.GetUtcNow(), options.Value.DeviceTokenLifetime, "all");
        await audit.RecordAsync(AuditActions.TokenIssued, AuditActor.Claimed(CredentialKind.None, null, PrincipalKind.Device, GetPrimaryKeyString()),
            "device", GetPrimaryKeyString(), accountId, AuditOutcome.Succeeded,
            details: ImmutableDictionary<string, string>.Empty.Add("tokenId", issued.TokenId).Add("by", "secure registration"));
        return new SecureDeviceCreated(view, issued);
    }

    public Task<bool> ExistsAsync() => Task.FromResult(device.RecordExists);

    public Task<Caller?> BuildCallerAsync(CredentialUse use)
    {
        if (!device.RecordExists)
        {
            return Task.FromResult<Caller?>(null);
        }
        if (State.CertificateThumbprint is { } bound && !string.Equals(use.ClientCertificate, bound, StringComparison.Ordinal))
        {
            // Seed 002: a secure device's calls carry its token and its certificate, on the secure
            // endpoint; anywhere else the token is refused with 403, not taken as unknown.
            throw new AccessDeniedException("This is a secure device: call the secure endpoint with its client certificate and its token.");
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
        RequireRead(caller);
        return Task.FromResult(View(includeShares: CanManage(caller)));
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

    private void EnsureExists()
    {
        if (!device.RecordExists)
        {
            throw new ResourceNotFoundException("No such device.");
        }
    }

    private IDeviceHandleGrain HandleGrain(string ownerId, string handle) => GrainFactory.GetGrain<IDeviceHandleGrain>($"{ownerId}/{handle}");

    private DeviceView View(bool includeShares) => new(GetPrimaryKeyString(), State.Name, State.Description, State.OwnerId, State.AccountId, State.CreatedAt)
    {
        OwnerUsername = State.OwnerUsername,
        Number = State.Number,
        TypeId = State.TypeId,
        VendorDeviceId = State.VendorDeviceId,
        Handle = State.Handle,
        Visibility = State.Visibility,
        Shares = includeShares ? [.. State.Shares] : [],
        Properties = State.Properties.ToImmutableDictionary(StringComparer.Ordinal),
        Location = State.Location,
        Tags = [.. State.Tags],
        Fields = [.. State.Fields],
        UpdatedAt = State.UpdatedAt,
    };
}
