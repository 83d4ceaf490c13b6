namespace Gatehouse.Grains.Devices;

public sealed record GeoLocation(double Latitude, double Longitude);
