namespace Gatehouse.Runtime;

/// <summary>
/// Marks a grain interface method that does not change state: read-only calls may interleave
/// with each other, never with a non-read-only call.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class ReadOnlyAttribute : Attribute;
