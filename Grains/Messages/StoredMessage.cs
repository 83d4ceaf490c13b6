using System.Collections.Immutable;

namespace Gatehouse.Grains.Messages;

/// <summary>A message as handed to the store: the message and the field values extracted from its payload.</summary>
public sealed record StoredMessage(DeviceMessage Message, ImmutableArray<FieldSample> Fields);
