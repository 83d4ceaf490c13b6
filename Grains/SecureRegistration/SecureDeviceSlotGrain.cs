using System.Collections.Immutable;
using System.Security.Cryptography.X509Certificates;
using Gatehouse.Grains.Audit;
using Gatehouse.Grains.Devices;
using Gatehouse.Grains.Identity.Secrets;
using Gatehouse.Runtime;
using Gatehouse.Runtime.Persistence;
using Microsoft.Extensions.Options;

namespace Gatehouse.Grains.SecureRegistration;

/// <summary>One vendor device's place in a secure type (<see cref="ISecureDeviceSlotGrain"/>).</summary>
public sealed class SecureDeviceSlotGrain(
    [PersistentState("secureDeviceSlot")] IPersistentState<SecureDeviceSlotState> slot,
    IAuditLog audit,
    IOptions<SecureRegistrationOptions> options,
    TimeProvider time) : Grain, ISecureDeviceSlotGrain
{
    /// <summary>ARTIK's PINs are 8 characters (QJ39NCBO).</summary>
    public const int PinLength = 8;

    // A PIN already held by a live request is drawn again; with 32^8 PINs a few tries always do.
    private const int PinDraws = 8;

    private SecureDeviceSlotState State => slot.State;

    public async Task<StartedSecureRegistration> StartAsync(byte[] certificate, string? sourceAddress)
    {
        var (typeId, vendorDeviceId) = SecureDeviceSlotKey.Parse(GetPrimaryKeyString());
        if (!DeviceTypeGrain.IsTypeId(typeId))
        {
            throw new InvalidRequestException("deviceTypeId is 'dt' and 32 lowercase hex digits.");
        }
        if (vendorDeviceId.Length is 0 or > SecureDeviceSlotKey.MaxVendorDeviceIdLength || vendorDeviceId.Any(char.IsControl))
        {
            throw new InvalidRequestException($"vendorDeviceId is 1 to {SecureDeviceSlotKey.MaxVendorDeviceIdLength} printable characters.");
        }
        // The type decides whether it trusts the certificate (404 no type, 403 not trusted).
        await GrainFactory.GetGrain<IDeviceTypeGrain>(typeId).TrustDeviceCertificateAsync(certificate);
        if (State.DeviceId is { } registered && await GrainFactory.GetGrain<IDeviceGrain>(registered).ExistsAsync())
        {
            throw new ResourceConflictException("Another device is already registered with this vendorDeviceId and deviceTypeId.");
        }

        var now = time.GetUtcNow();
        var expiresAt = now + options.Value.RequestLifetime;
        var rid = SecretGenerator.NewId();
        var nonce = SecretGenerator.NewId();
        var pin = await ReservePinAsync(rid, expiresAt);
        await GrainFactory.GetGrain<ISecureRegistrationGrain>(rid).CreateAsync(new SecureRegistrationRecord(
            typeId, vendorDeviceId, certificate, SecretDigest.Compute(pin), SecretDigest.Compute(nonce), now, expiresAt));

        var previous = State.CurrentRid;
        State.CurrentRid = rid;
        await slot.WriteStateAsync();
        if (previous is not null)
        {
            await GrainFactory.GetGrain<ISecureRegistrationGrain>(previous).RevokeAsync();
        }
        using var parsed = X509CertificateLoader.LoadCertificate(certificate);
        var details = ImmutableDictionary<string, string>.Empty
            .Add("rid", rid)
            .Add("deviceTypeId", typeId)
            .Add("vendorDeviceId", vendorDeviceId)
            .Add("certificate", DeviceCertificateTrust.Thumbprint(certificate))
            .Add("subject", parsed.Subject);
        if (previous is not null)
        {
            details = details.Add("revoked", previous);
        }
        await audit.RecordAsync(AuditActions.SecureRegistrationStarted, AuditActor.Anonymous, "secureRegistration", rid, null,
            AuditOutcome.Succeeded, sourceAddress, details);
        return new StartedSecureRegistration(rid, pin, nonce, expiresAt);
    }

    public async Task<bool> ClaimAsync(string rid, string deviceId)
    {
        if (State.CurrentRid != rid)
        {
            return false;
        }
        if (State.DeviceId is { } registered && registered != deviceId && await GrainFactory.GetGrain<IDeviceGrain>(registered).ExistsAsync())
        {
            return false;
        }
        State.DeviceId = deviceId;
        await slot.WriteStateAsync();
        return true;
    }

    public async Task ReleaseAsync(string rid, string deviceId)
    {
        if (State.CurrentRid == rid && State.DeviceId == deviceId)
        {
            State.DeviceId = null;
            await slot.WriteStateAsync();
        }
    }

    private async Task<string> ReservePinAsync(string rid, DateTimeOffset expiresAt)
    {
        for (var draw = 0; draw < PinDraws; draw++)
        {
            var pin = SecretGenerator.NewCode(PinLength);
            if (await GrainFactory.GetGrain<ISecurePinGrain>(SecretDigest.LookupKey(pin)).TryReserveAsync(rid, expiresAt))
            {
                return pin;
            }
        }
        throw new InvalidOperationException("No free PIN after several draws; the random number generator is broken.");
    }
}
