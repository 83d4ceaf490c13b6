namespace Gatehouse.Runtime.Diagnostics;

/// <summary>
/// A counter's or gauge's value. Integers and floating-point measurements are kept apart so that
/// integer counting is one <see cref="Interlocked.Add(ref long, long)"/> on the calling
/// processor's stripe (<see cref="StripedCells"/>: the call counters are hit by every core at
/// once); floating-point adds, which nothing on a hot path makes, use a compare-and-swap loop on
/// the bits. Neither locks.
/// </summary>
internal sealed class SumSeries : MetricSeries
{
    private readonly StripedCells _integer = new(1);
    private long _floatingBits;
    private int _hasFloating;

    public void Add(long value) => Interlocked.Add(ref _integer.Local(0), value);

    public void Add(double value)
    {
        Volatile.Write(ref _hasFloating, 1);
        AddDouble(ref _floatingBits, value);
    }

    /// <summary>Replaces the value: observed instruments report the current value, not a change.</summary>
    public void Set(long value)
    {
        SetInteger(value);
        Volatile.Write(ref _floatingBits, 0);
    }

    public void Set(double value)
    {
        Volatile.Write(ref _hasFloating, 1);
        SetInteger(0);
        Volatile.Write(ref _floatingBits, BitConverter.DoubleToInt64Bits(value));
    }

    /// <summary>The value, and whether it is an integer (so it is written without a decimal point).</summary>
    public (long Integer, double Value, bool IsInteger) Read()
    {
        var integer = _integer.Sum(0);
        if (Volatile.Read(ref _hasFloating) == 0)
        {
            return (integer, integer, true);
        }
        return (integer, integer + BitConverter.Int64BitsToDouble(Volatile.Read(ref _floatingBits)), false);
    }

    // Only observed instruments set values, one collection at a time: no Add races with it.
    private void SetInteger(long value)
    {
        for (var stripe = 0; stripe < _integer.Stripes; stripe++)
        {
            Volatile.Write(ref _integer.Cell(stripe, 0), stripe == 0 ? value : 0);
        }
    }

    internal static void AddDouble(ref long bits, double value)
    {
        var current = Volatile.Read(ref bits);
        while (true)
        {
            var updated = BitConverter.DoubleToInt64Bits(BitConverter.Int64BitsToDouble(current) + value);
            var seen = Interlocked.CompareExchange(ref bits, updated, current);
            if (seen == current)
            {
                return;
            }
            current = seen;
        }
    }
}
