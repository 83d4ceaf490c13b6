using System.Collections.Immutable;
using Gatehouse.Grains.Audit;
using Gatehouse.Grains.Identity;
using Gatehouse.Grains.Security;

namespace Gatehouse.Grains.Devices;

public sealed partial class DeviceGrain
{
    public async Task<DeviceView> UpdateAsync(Caller caller, DeviceUpdate update)
    {
        EnsureExists();
        RequireWrite(caller);
        if (update.Visibility is { } visibility && visibility != State.Visibility)
        {
            // Publishing a device is the owner's decision, not a collaborator's.
            RequireOwner(caller);
        }
        // Validate everything before changing anything, so a bad member leaves the device as it was.
        var name = update.Name is null ? State.Name : DeviceRules.Name(update.Name);
        var location = update.Location is null ? State.Location : DeviceRules.Location(update.Location);
        var tags = update.Tags is { } newTags ? DeviceRules.Tags(newTags) : State.Tags;
        var fields = update.Fields is { } newFields ? DeviceRules.Fields(newFields) : State.Fields;
        var properties = new Dictionary<string, System.Text.Json.JsonElement>(State.Properties, StringComparer.Ordinal);
        DeviceRules.MergeProperties(properties, update.Properties);

        State.Name = name;
        State.Description = update.Description ?? State.Description;
        State.Visibility = update.Visibility ?? State.Visibility;
        State.Location = location;
        State.Tags = tags;
        State.Fields = fields;
        State.Properties = properties;
        State.UpdatedAt = time.GetUtcNow();
        await device.WriteStateAsync();
        await RecheckFeedAsync();
        return View(includeShares: CanManage(caller));
    }

    public async Task<DeviceView> ShareAsync(Caller caller, string userId, DeviceAccess? access)
    {
        EnsureExists();
        RequireOwner(caller);
        if (userId == State.OwnerId)
        {
            throw new InvalidRequestException("The owner already has every access.");
        }
        if (access is not null && !await GrainFactory.GetGrain<IUserGrain>(userId).ExistsAsync())
        {
            throw new InvalidRequestException($"No user '{userId}'.");
        }
        State.Shares.RemoveAll(s => s.UserId == userId);
        if (access is { } granted)
        {
            State.Shares.Add(new DeviceShare(userId, granted));
        }
        State.UpdatedAt = time.GetUtcNow();
        await device.WriteStateAsync();
        await RecheckFeedAsync();
        await audit.RecordAsync(AuditActions.DeviceShared, caller, "device", GetPrimaryKeyString(), State.AccountId,
            details: ImmutableDictionary<string, string>.Empty.Add("user", userId).Add("access", access?.ToString() ?? "none"));
        return View(includeShares: true);
    }

    public async Task<DeviceView> TransferAsync(Caller caller, string newOwnerId)
    {
        EnsureExists();
        RequireOwner(caller);
        var newOwner = GrainFactory.GetGrain<IUserGrain>(newOwnerId);
        var username = await newOwner.GetUsernameAsync() ?? throw new InvalidRequestException($"No user '{newOwnerId}'.");
        var previousOwner = State.OwnerId;
        if (State.Handle is { } handle)
        {
            if (!await HandleGrain(newOwnerId, handle).TryClaimAsync(GetPrimaryKeyString()))
            {
                throw new ResourceConflictException($"The new owner already has a device with handle '{handle}'.");
            }
        }
        State.OwnerId = newOwnerId;
        State.OwnerUsername = username;
        // The previous owner's collaborators were theirs to choose; the new owner starts clean.
        State.Shares.Clear();
        State.UpdatedAt = time.GetUtcNow();
        await device.WriteStateAsync();
        if (State.Handle is { } oldHandle)
        {
            await HandleGrain(previousOwner, oldHandle).ReleaseAsync(GetPrimaryKeyString());
        }
        await RecheckFeedAsync();
        await audit.RecordAsync(AuditActions.DeviceTransferred, caller, "device", GetPrimaryKeyString(), State.AccountId,
            details: ImmutableDictionary<string, string>.Empty.Add("from", previousOwner).Add("to", newOwnerId));
        return View(includeShares: true);
    }

    public async Task DeleteAsync(Caller caller)
    {
        EnsureExists();
        caller.RequireAuthenticated();
        var allowed = (IsOwner(caller) || IsAccountOperator(caller, Permissions.DevicesDelete)) && caller.Has(Permissions.DevicesDelete);
        if (!allowed && !caller.IsSystemAdmin)
        {
            throw new AccessDeniedException("The caller may not delete this device.");
        }
        var keyIds = State.KeyIds.ToList();
        var handle = State.Handle;
        var ownerId = State.OwnerId;
        var accountId = State.AccountId;
        await device.ClearStateAsync();
        if (_feed is { } feed)
        {
            await feed.EndAllAsync("The device has been deleted.");
        }
        await EndChannelsAsync("The device has been deleted.");
        // The device's data goes with it. Publishes cannot be in flight: they are read-only calls,
        // which never overlap this one.
        await messages.DeleteDeviceAsync(GetPrimaryKeyString());
        // With the device gone its tokens stop authenticating (the subject no longer exists); keys
        // are revoked too, so their records say so.
        await Task.WhenAll(keyIds.Select(id => GrainFactory.GetGrain<IApiKeyGrain>(id).RevokeByOwnerAsync("device deleted")));
        if (handle is not null)
        {
            await HandleGrain(ownerId, handle).ReleaseAsync(GetPrimaryKeyString());
        }
        await audit.RecordAsync(AuditActions.DeviceDeleted, caller, "device", GetPrimaryKeyString(), accountId);
    }
}
