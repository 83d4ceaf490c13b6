namespace Gatehouse.Identity.Tests.Authorization;

/// <summary>
/// One device endpoint of <see cref="DeviceRelationshipMatrix"/>: how to build a request to it for
/// a target device, and the status each <see cref="DeviceRelation"/> must get, in enum order.
/// </summary>
/// <param name="Fresh">The request changes the device for good (delete, transfer): every cell gets a new device.</param>
public sealed record DeviceRelationshipRow(string Endpoint, Func<DeviceRelationshipWorld, DeviceTarget, MatrixRequest> Build, int[] Expected, bool Fresh = false)
{
    public int ExpectedFor(DeviceRelation relation) => Expected[(int)relation];
}
