using System.Collections.Immutable;
using Gatehouse.Runtime;

namespace Gatehouse.Grains.Messages;

/// <summary>One page of messages in the range's order; <see cref="NextCursor"/> is null on the last page.</summary>
[Immutable]
public sealed record MessagePage(ImmutableArray<DeviceMessage> Messages, string? NextCursor)
{
    public static MessagePage Empty { get; } = new([], null);
}
