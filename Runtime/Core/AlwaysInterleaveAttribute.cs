namespace Gatehouse.Runtime;

/// <summary>Marks a grain interface method that may interleave with any other call.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class AlwaysInterleaveAttribute : Attribute;
