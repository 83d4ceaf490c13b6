using System.Collections.Immutable;

namespace Gatehouse.Gateway.Http.Messages.Contracts;

/// <summary>A page of messages; pass <see cref="NextCursor"/> as <c>cursor</c> (same range and order) for the next. Absent on the last page.</summary>
public sealed record MessagePageResponse(ImmutableArray<MessageView> Messages, string? NextCursor);
