namespace Gatehouse.Benchmarks.Grains;

/// <summary>A small state: about 30 bytes of JSON.</summary>
public sealed class SmallState
{
    public int Value { get; set; }

    public string UpdatedBy { get; set; } = "";
}
