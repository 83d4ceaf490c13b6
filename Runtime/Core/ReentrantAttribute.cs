namespace Gatehouse.Runtime;

/// <summary>
/// Lets calls to every method of the grain class interleave at await points. Turns still never
/// run in parallel: interleaved requests share the activation's single logical thread.
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = true)]
public sealed class ReentrantAttribute : Attribute;
