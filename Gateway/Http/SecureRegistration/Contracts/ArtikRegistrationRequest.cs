namespace Gatehouse.Gateway.Http.SecureRegistration.Contracts;

/// <summary>ARTIK's <c>{"deviceTypeId":"dt…","vendorDeviceId":"a1b2c3d4"}</c>.</summary>
public sealed record ArtikRegistrationRequest(string? DeviceTypeId, string? VendorDeviceId);
