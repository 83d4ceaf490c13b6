namespace Gatehouse.Identity.Tests.Authorization;

/// <summary>A device of the relationship world: its id, and its handle for WoTKit's {owner}.{name}.</summary>
public sealed record DeviceTarget(string Id, string Handle);
