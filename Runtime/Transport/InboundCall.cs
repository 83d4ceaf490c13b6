using System.Collections.Concurrent;
using System.Linq.Expressions;
using Gatehouse.Runtime.Diagnostics;
using Gatehouse.Runtime.Invocation;
using Gatehouse.Runtime.Serialization;

namespace Gatehouse.Runtime.Transport;

/// <summary>
/// A call that arrived from another silo, queued on the local activation (or observer) like any
/// other call. Its outcome is serialized in <see cref="Complete"/> (before the activation admits
/// its next turn, so nothing it copies can change underneath) and sent back in
/// <see cref="Deliver"/>. Exactly one answer leaves: the first of the result, a timeout or a rejection.
/// A call this silo passes on to the grain's owner (<see cref="SiloTransport.Forward"/>) is a relay:
/// the owner's answer arrives through <see cref="ReceiveResult"/> or <see cref="Reject"/> and goes
/// back to the caller as it came.
/// </summary>
internal sealed class InboundCall(
    GrainInterfaceMethod method,
    GrainId target,
    object?[] arguments,
    long createdTimestamp,
    SiloConnection connection,
    long correlationId,
    bool oneWay,
    CallCopier copier,
    TimeSpan callTimeout,
    RuntimeInstruments metrics,
    bool forwarded,
    ReadOnlyMemory<byte> payload)
    : GrainCallRequest(method, target, arguments, createdTimestamp)
{
    private static readonly ConcurrentDictionary<Type, Func<Task, object?>> ResultReaders = new();

    private FrameKind _answerKind;
    private byte[] _answer = [];
    private int _answered;

    /// <summary>It arrived as a <see cref="FrameKind.ForwardedRequest"/>: it runs here, and is never passed on again.</summary>
    public bool Forwarded => forwarded;

    /// <summary>The arguments as they arrived (JSON), for passing the call on without reading them again.</summary>
    public ReadOnlyMemory<byte> Payload => payload;

    public override object ReturnValue =>
        throw new NotSupportedException("The caller of an inbound call is on another silo; its outcome is sent back as a frame.");

    public override bool IsAbandoned => Volatile.Read(ref _answered) != 0 || connection.IsClosed;

    public override void Complete(Task task)
    {
        try
        {
            if (task.IsCompletedSuccessfully)
            {
                _answer = Method.ResultType is { } resultType ? copier.SerializeResult(resultType, ReadResult(task, resultType)) : [];
                _answerKind = FrameKind.Response;
                return;
            }
            var exception = task.IsCanceled ? new TaskCanceledException($"{this} was canceled.") : task.Exception!.InnerException ?? task.Exception!;
            _answer = copier.SerializeException(exception);
        }
        catch (Exception exception)
        {
            _answer = copier.SerializeException(exception);
        }
        _answerKind = FrameKind.Error;
    }

    public override void Deliver() => Answer(_answerKind, _answer, _answerKind == FrameKind.Response ? RuntimeInstruments.Ok : RuntimeInstruments.Error);

    public override void TimeOut(TimeSpan elapsed) =>
        Answer(FrameKind.Error, copier.SerializeException(new GrainCallTimeoutException(
            $"{this} got no response within {callTimeout} on the silo that runs it (waited {elapsed.TotalSeconds:0.0} s).")), RuntimeInstruments.Timeout);

    public override void Reject(Exception reason) => Answer(FrameKind.Error, copier.SerializeException(reason), RuntimeInstruments.Error);

    /// <summary>The owner's answer to a call this silo passed on: sent back to the caller unread.</summary>
    public override void ReceiveResult(ReadOnlySpan<byte> json, CallCopier copier)
    {
        _answer = json.ToArray();
        _answerKind = FrameKind.Response;
    }

    private void Answer(FrameKind kind, byte[] payload, string outcome)
    {
        if (Interlocked.Exchange(ref _answered, 1) != 0)
        {
            return;
        }
        metrics.CallServed(outcome);
        if (!oneWay)
        {
            connection.Send(Frame.Answer(kind, correlationId, payload));
        }
    }

    private static object? ReadResult(Task task, Type resultType) =>
        ResultReaders.GetOrAdd(resultType, static type =>
        {
            var parameter = Expression.Parameter(typeof(Task));
            var result = Expression.Property(Expression.Convert(parameter, typeof(Task<>).MakeGenericType(type)), "Result");
            return Expression.Lambda<Func<Task, object?>>(Expression.Convert(result, typeof(object)), parameter).Compile();
        })(task);
}
