namespace Gatehouse.Runtime;

/// <summary>
/// Stands in for an exception thrown by a grain whose type could not be recreated on the caller's
/// side of a serialized call. <see cref="OriginalTypeName"/> names the type that was thrown.
/// </summary>
public sealed class GrainException : Exception
{
    public GrainException(string originalTypeName, string message) : base(message)
    {
        OriginalTypeName = originalTypeName;
    }

    public string OriginalTypeName { get; }
}
