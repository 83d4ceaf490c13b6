using System.Collections.Immutable;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Gatehouse.Grains.Audit;
using Gatehouse.Grains.Devices;
using Gatehouse.Grains.Identity.Secrets;
using Gatehouse.Grains.Security;
using Gatehouse.Runtime;
using Gatehouse.Runtime.Persistence;
using Microsoft.Extensions.Options;

namespace Gatehouse.Grains.SecureRegistration;

/// <summary>One ARTIK secure registration request (<see cref="ISecureRegistrationGrain"/>).</summary>
public sealed class SecureRegistrationGrain(
    [PersistentState("secureRegistration")] IPersistentState<SecureRegistrationState> request,
    IAuditLog audit,
    IOptions<SecureRegistrationOptions> options,
    TimeProvider time) : Grain, ISecureRegistrationGrain
{
    private const int SerialDigits = 4;

    private SecureRegistrationState State => request.State;

    public async Task CreateAsync(SecureRegistrationRecord record)
    {
        if (request.RecordExists)
        {
            throw new ResourceConflictException("A registration request with this rid already exists.");
        }
        using var certificate = X509CertificateLoader.LoadCertificate(record.Certificate);
        request.State = new SecureRegistrationState
        {
            DeviceTypeId = record.DeviceTypeId,
            VendorDeviceId = record.VendorDeviceId,
            Certificate = record.Certificate,
            CertificateThumbprint = DeviceCertificateTrust.Thumbprint(record.Certificate),
            CertificateSerialNumber = certificate.SerialNumber.ToUpperInvariant(),
            PinDigest = record.PinDigest,
            NonceDigest = record.NonceDigest,
            CreatedAt = record.CreatedAt,
            ExpiresAt = record.ExpiresAt,
            Status = SecureRegistrationStatus.PendingUserConfirmation,
        };
        await request.WriteStateAsync();
    }

    public Task<SecureRegistrationStatusView> GetStatusAsync(string? certificateThumbprint)
    {
        EnsureExists();
        RequireCertificate(certificateThumbprint);
        var status = Status();
        return Task.FromResult(new SecureRegistrationStatusView(status, status == SecureRegistrationStatus.Registered ? State.DeviceId : null));
    }

    public async Task<SecureConfirmation> ConfirmAsync(Caller caller, string pin, string serialLast4)
    {
        caller.RequireAuthenticated();
        if (caller.Kind != PrincipalKind.User)
        {
            throw new AccessDeniedException("A user confirms a secure registration; the device becomes theirs.");
        }
        caller.Require(Permissions.DevicesCreate);
        if (!request.RecordExists || Status() != SecureRegistrationStatus.PendingUserConfirmation)
        {
            return new SecureConfirmation(SecureConfirmationOutcome.NotPending, 0);
        }
        var max = options.Value.MaxConfirmationAttempts;
        if (State.FailedConfirmations >= max)
        {
            return new SecureConfirmation(SecureConfirmationOutcome.TooManyAttempts, 0);
        }
        // Both are checked, always, in constant time, so timing tells neither which one was wrong.
        var pinMatches = SecretDigest.Matches(pin.Trim().ToUpperInvariant(), State.PinDigest);
        var serialMatches = SerialMatches(serialLast4);
        var type = GrainFactory.GetGrain<IDeviceTypeGrain>(State.DeviceTypeId);
        if (!(pinMatches & serialMatches))
        {
            State.FailedConfirmations++;
            await request.WriteStateAsync();
            await AuditConfirmationAsync(caller, AuditOutcome.Failed);
            var left = max - State.FailedConfirmations;
            return new SecureConfirmation(left > 0 ? SecureConfirmationOutcome.WrongCode : SecureConfirmationOutcome.TooManyAttempts, left);
        }
        // The type decides whether this user may have a device of it (private types: its owner and account).
        var view = await type.UseAsync(caller);
        State.Status = SecureRegistrationStatus.PendingDeviceCompletion;
        State.ConfirmedBy = caller.Id;
        State.ConfirmedAccountId = caller.AccountId;
        await request.WriteStateAsync();
        await AuditConfirmationAsync(caller, AuditOutcome.Succeeded);
        return new SecureConfirmation(SecureConfirmationOutcome.Confirmed, max - State.FailedConfirmations, view.Name, State.VendorDeviceId);
    }

    public async Task<CompletedSecureRegistration> CompleteAsync(string? certificateThumbprint, string nonce)
    {
        EnsureExists();
        RequireCertificate(certificateThumbprint);
        if (!SecretDigest.Matches(nonce, State.NonceDigest))
        {
            throw new AccessDeniedException("The nonce does not match this registration request.");
        }
        switch (Status())
        {
            case SecureRegistrationStatus.PendingDeviceCompletion:
                break;
            case SecureRegistrationStatus.Registered:
                throw new ResourceConflictException("This registration request is already complete.");
            case var other:
                throw new InvalidRequestException($"This registration request is {SecureRegistrationStatuses.Name(other)}; it can be completed only after the user confirms it (PENDING_DEVICE_COMPLETION).");
        }
        // The vendor may have withdrawn its trust since the request started.
        var type = await GrainFactory.GetGrain<IDeviceTypeGrain>(State.DeviceTypeId).TrustDeviceCertificateAsync(State.Certificate);
        var rid = GetPrimaryKeyString();
        var deviceId = SecretGenerator.NewId();
        var slot = GrainFactory.GetGrain<ISecureDeviceSlotGrain>(SecureDeviceSlotKey.For(State.DeviceTypeId, State.VendorDeviceId));
        if (!await slot.ClaimAsync(rid, deviceId))
        {
            throw new ResourceConflictException("Another device is already registered with this vendorDeviceId and deviceTypeId.");
        }
        SecureDeviceCreated created;
        try
        {
            created = await GrainFactory.GetGrain<IDeviceGrain>(deviceId).InitializeSecureAsync(
                new NewDevice($"{type.Name} {State.VendorDeviceId}", TypeId: State.DeviceTypeId, VendorDeviceId: State.VendorDeviceId, Fields: type.Fields),
                State.ConfirmedBy!, State.ConfirmedAccountId, $"secure registration {rid}", State.CertificateThumbprint);
        }
        catch
        {
            await slot.ReleaseAsync(rid, deviceId);
            throw;
        }
        State.Status = SecureRegistrationStatus.Registered;
        State.DeviceId = deviceId;
        await request.WriteStateAsync();
        var details = ImmutableDictionary<string, string>.Empty
            .Add("deviceId", deviceId)
            .Add("owner", State.ConfirmedBy!)
            .Add("certificate", State.CertificateThumbprint)
            .Add("tokenId", created.Token.TokenId);
        await audit.RecordAsync(AuditActions.SecureRegistrationCompleted, AuditActor.Claimed(CredentialKind.None, null, PrincipalKind.Device, deviceId),
            "secureRegistration", rid, State.ConfirmedAccountId, AuditOutcome.Succeeded, details: details);
        return new CompletedSecureRegistration(created.Token.Token, State.ConfirmedBy!, deviceId);
    }

    public async Task RevokeAsync()
    {
        if (request.RecordExists && State.Status is SecureRegistrationStatus.PendingUserConfirmation or SecureRegistrationStatus.PendingDeviceCompletion)
        {
            State.Status = SecureRegistrationStatus.Revoked;
            await request.WriteStateAsync();
        }
    }

    /// <summary>The stored status, or EXPIRED once a pending request's time has passed.</summary>
    private SecureRegistrationStatus Status() =>
        State.Status is SecureRegistrationStatus.PendingUserConfirmation or SecureRegistrationStatus.PendingDeviceCompletion && time.GetUtcNow() >= State.ExpiresAt
            ? SecureRegistrationStatus.Expired
            : State.Status;

    private bool SerialMatches(string serialLast4)
    {
        var serial = State.CertificateSerialNumber;
        var expected = serial.Length >= SerialDigits ? serial[^SerialDigits..] : serial.PadLeft(SerialDigits, '0');
        var given = serialLast4.Trim().ToUpperInvariant();
        return given.Length == SerialDigits && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(given), Encoding.ASCII.GetBytes(expected));
    }

    private void RequireCertificate(string? certificateThumbprint)
    {
        if (certificateThumbprint is null)
        {
            throw new AccessDeniedException("Secure registration needs the device's client certificate: call the secure endpoint with it.");
        }
        if (!string.Equals(certificateThumbprint, State.CertificateThumbprint, StringComparison.Ordinal))
        {
            throw new AccessDeniedException("The client certificate does not match this registration request's.");
        }
    }

    private ValueTask AuditConfirmationAsync(Caller caller, AuditOutcome outcome) =>
        audit.RecordAsync(AuditActions.SecureRegistrationConfirmed, caller, "secureRegistration", GetPrimaryKeyString(), caller.AccountId, outcome,
            ImmutableDictionary<string, string>.Empty.Add("deviceTypeId", State.DeviceTypeId).Add("vendorDeviceId", State.VendorDeviceId)
                .Add("failedAttempts", State.FailedConfirmations.ToString(System.Globalization.CultureInfo.InvariantCulture)));

    private void EnsureExists()
    {
        if (!request.RecordExists)
        {
            throw new ResourceNotFoundException("No such registration request.");
        }
    }
}
