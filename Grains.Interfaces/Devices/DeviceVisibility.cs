namespace Gatehouse.Grains.Devices;

/// <summary>WoTKit's sensor visibility. Public devices can be read by anyone, anonymously too.</summary>
public enum DeviceVisibility
{
    Private,
    Public,
}
