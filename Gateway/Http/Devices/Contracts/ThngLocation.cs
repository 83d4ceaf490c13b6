namespace Gatehouse.Gateway.Http.Devices.Contracts;

public sealed record ThngLocation(double Latitude, double Longitude);
