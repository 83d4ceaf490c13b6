namespace Gatehouse.Grains.Devices;

public sealed class SequenceState
{
    public long Last { get; set; }
}
