using System.Collections.Immutable;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Gatehouse.Grains.Audit;
using Gatehouse.Grains.Security;

namespace Gatehouse.Grains.Devices;

public sealed partial class DeviceTypeGrain
{
    /// <summary>A vendor needs a root, perhaps an intermediate or two, or a few pinned device certificates; more is a mistake.</summary>
    public const int MaxTrustedCertificates = 16;

    public async Task<DeviceTypeView> SetTrustAsync(Caller caller, ImmutableArray<string> certificatesPem)
    {
        EnsureExists();
        RequireManager(caller, Permissions.DevicesWrite);
        var parsed = DeviceCertificateTrust.ParseTrust(certificatesPem.IsDefault ? [] : certificatesPem, MaxTrustedCertificates);
        State.TrustedCertificates = parsed;
        State.UpdatedAt = time.GetUtcNow();
        await type.WriteStateAsync();
        var details = ImmutableDictionary<string, string>.Empty
            .Add("certificates", parsed.Count.ToString(System.Globalization.CultureInfo.InvariantCulture))
            .Add("thumbprints", string.Join(",", parsed.Select(DeviceCertificateTrust.Thumbprint)));
        await audit.RecordAsync(AuditActions.DeviceTypeTrustChanged, caller, "deviceType", GetPrimaryKeyString(), State.AccountId, details: details);
        return View();
    }

    public Task<DeviceTypeView> TrustDeviceCertificateAsync(byte[] certificate)
    {
        EnsureExists();
        if (State.TrustedCertificates.Count == 0)
        {
            throw new AccessDeniedException("This device type is not secure: it registers no devices by certificate.");
        }
        if (!DeviceCertificateTrust.IsTrusted(certificate, State.TrustedCertificates, time.GetUtcNow()))
        {
            throw new AccessDeniedException("The client certificate does not chain to a certificate this device type trusts, or is not valid now.");
        }
        return Task.FromResult(View());
    }

    private ImmutableArray<TrustedCertificateView> TrustView() =>
        [.. State.TrustedCertificates.Select(der =>
        {
            using var certificate = X509CertificateLoader.LoadCertificate(der);
            var authority = certificate.Extensions.OfType<X509BasicConstraintsExtension>().Any(e => e.CertificateAuthority);
            return new TrustedCertificateView(certificate.Subject, DeviceCertificateTrust.Thumbprint(der), authority,
                new DateTimeOffset(certificate.NotBefore.ToUniversalTime()), new DateTimeOffset(certificate.NotAfter.ToUniversalTime()));
        })];
}
