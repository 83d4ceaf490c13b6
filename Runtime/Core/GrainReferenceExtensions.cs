using Gatehouse.Runtime.Invocation;

namespace Gatehouse.Runtime;

public static class GrainReferenceExtensions
{
    /// <summary>The identity a grain reference (or observer reference) points at.</summary>
    public static GrainId GetGrainId(this IAddressable reference) => reference switch
    {
        GrainProxy proxy => proxy.GrainId,
        Grain grain => grain.GrainId,
        null => throw new ArgumentNullException(nameof(reference)),
        _ => throw new ArgumentException($"{reference.GetType().FullName} is not a grain reference.", nameof(reference)),
    };
}
