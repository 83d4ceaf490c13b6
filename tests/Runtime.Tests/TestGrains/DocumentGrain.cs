namespace Gatehouse.Runtime.Tests.TestGrains;

public sealed class MutableDocument
{
    public string Title { get; set; } = "";

    public List<string> Tags { get; set; } = [];
}

public sealed record ImmutablePoint(double X, double Y, string Label);

/// <summary>Not serializable: no public setters, no constructor the serializer can use.</summary>
public sealed class OpaqueHandle
{
    private readonly IntPtr _pointer;

    public OpaqueHandle(IntPtr pointer, int unused)
    {
        _pointer = pointer;
        _ = unused;
    }

    public IntPtr Pointer => _pointer;

    public Func<int> Callback { get; } = () => 1;
}

public interface IDocumentGrain : IGrainWithStringKey
{
    /// <summary>Mutates the document it is given and keeps it.</summary>
    Task<MutableDocument> Scribble(MutableDocument document);

    /// <summary>Returns the kept document; the caller may mutate what it gets.</summary>
    Task<MutableDocument> Kept();

    Task<bool> SameInstance(ImmutablePoint point);

    /// <summary>Echoes an array that may be default (an optional parameter's "not given").</summary>
    Task<System.Collections.Immutable.ImmutableArray<string>> EchoArray(System.Collections.Immutable.ImmutableArray<string> items);

    Task Take(OpaqueHandle handle);

    ValueTask<int> ValueTaskAdd(int a, int b);

    ValueTask Nothing();

    Task<ICounterGrain> Echo(ICounterGrain reference);
}

public sealed class DocumentGrain : Grain, IDocumentGrain
{
    private static ImmutablePoint? s_lastPoint;
    private MutableDocument? _kept;

    public Task<MutableDocument> Scribble(MutableDocument document)
    {
        document.Title += " (scribbled)";
        document.Tags.Add("grain");
        _kept = document;
        return Task.FromResult(document);
    }

    public Task<MutableDocument> Kept() => Task.FromResult(_kept!);

    public Task<System.Collections.Immutable.ImmutableArray<string>> EchoArray(System.Collections.Immutable.ImmutableArray<string> items) => Task.FromResult(items);

    public Task<bool> SameInstance(ImmutablePoint point)
    {
        var same = ReferenceEquals(point, s_lastPoint);
        s_lastPoint = point;
        return Task.FromResult(same);
    }

    public Task Take(OpaqueHandle handle) => Task.CompletedTask;

    public ValueTask<int> ValueTaskAdd(int a, int b) => ValueTask.FromResult(a + b);

    public ValueTask Nothing() => ValueTask.CompletedTask;

    public Task<ICounterGrain> Echo(ICounterGrain reference) => Task.FromResult(reference);
}
