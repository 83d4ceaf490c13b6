namespace Gatehouse.Gateway.Http.Devices.Contracts;

/// <summary>The vendor's CA or client certificates, PEM (each string may hold several). Empty: the type is no longer secure.</summary>
public sealed record SetDeviceTypeTrustRequest(string[]? Certificates);
