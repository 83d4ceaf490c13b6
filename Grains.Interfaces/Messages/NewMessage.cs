using Gatehouse.Runtime;

namespace Gatehouse.Grains.Messages;

/// <summary>
/// A message to publish for a device. <see cref="PayloadJson"/> is the message's data as JSON text
/// (ARTIK's <c>data</c>): usually an object whose top-level members are the device's fields, but
/// any JSON value is accepted and stored as sent. Text rather than a parsed tree, so it crosses
/// grain calls by reference and is stored without re-serializing.
/// </summary>
/// <param name="DeviceTimestamp">When the device says it measured the data (ARTIK <c>ts</c>); the series time when set.</param>
[Immutable]
public sealed record NewMessage(string PayloadJson, DateTimeOffset? DeviceTimestamp = null);
