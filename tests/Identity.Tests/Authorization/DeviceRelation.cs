namespace Gatehouse.Identity.Tests.Authorization;

/// <summary>
/// The columns of <see cref="DeviceRelationshipMatrix"/>: how a caller stands to a device. The
/// user relations come twice, on a public and on a private device; the device's own credentials
/// and the API key kinds act on the private device.
/// </summary>
public enum DeviceRelation
{
    OwnerOnPublic,
    SharedReadOnPublic,
    SharedWriteOnPublic,
    OtherUserOnPublic,
    AnonymousOnPublic,
    OwnerOnPrivate,
    SharedReadOnPrivate,
    SharedWriteOnPrivate,
    OtherUserOnPrivate,
    AnonymousOnPrivate,

    /// <summary>A device access token of the device itself.</summary>
    DeviceToken,

    /// <summary>A device API key of the device itself.</summary>
    DeviceKey,

    /// <summary>A token of the device itself, revoked by its owner.</summary>
    RevokedDeviceToken,

    /// <summary>A token of the device itself, past its lifetime.</summary>
    ExpiredDeviceToken,

    /// <summary>The owner's operator API key.</summary>
    OwnerOperatorKey,

    ApplicationKey,

    TrustedApplicationKey,

    ApplicationUserKey,
}
