namespace Gatehouse.Benchmarks.Grains;

/// <summary>
/// A small mutable argument. Not provably immutable, so an in-process call deep-copies it
/// through the wire format (JSON) before the grain sees it.
/// </summary>
public sealed class Payload
{
    public string Name { get; set; } = "";

    public int Quantity { get; set; }

    public double Price { get; set; }

    public List<string> Tags { get; set; } = [];
}
