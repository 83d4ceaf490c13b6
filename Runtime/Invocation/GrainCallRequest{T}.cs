using Gatehouse.Runtime.Diagnostics;

namespace Gatehouse.Runtime.Invocation;

/// <summary>
/// A call whose result is <typeparamref name="TResult"/> (object, always null, for Task and
/// ValueTask methods). The outcome is captured in <see cref="Complete"/> and handed over in
/// <see cref="Deliver"/>; a timeout may have handed over a failure first, in which case the late
/// outcome is dropped. Whichever outcome comes first is counted, once (<see cref="Finish"/>).
/// </summary>
internal sealed class GrainCallRequest<TResult>(GrainInterfaceMethod method, GrainId target, object?[] arguments, SiloRuntime runtime)
    : GrainCallRequest(method, target, arguments, runtime.TimeProvider.GetTimestamp())
{
    private readonly TaskCompletionSource<TResult> _completion = new();
    private TResult? _result;
    private Exception? _exception;
    private bool _canceled;
    private int _finished;

    public override object ReturnValue => Method.Kind switch
    {
        ReturnKind.Task or ReturnKind.TaskOfT => _completion.Task,
        ReturnKind.ValueTask => new ValueTask(_completion.Task),
        _ => new ValueTask<TResult>(_completion.Task),
    };

    public override bool IsAbandoned => _completion.Task.IsCompleted;

    public override void Complete(Task task)
    {
        if (task.IsCompletedSuccessfully)
        {
            if (Method.ResultType is not null)
            {
                try
                {
                    _result = runtime.Copier.CopyResult(((Task<TResult>)task).Result);
                }
                catch (Exception exception)
                {
                    _exception = exception;
                }
            }
        }
        else if (task.IsCanceled)
        {
            _canceled = true;
        }
        else
        {
            _exception = runtime.Copier.CopyException(task.Exception!.InnerException ?? task.Exception);
        }
    }

    public override void ReceiveResult(ReadOnlySpan<byte> json, Serialization.CallCopier copier)
    {
        if (Method.ResultType is null)
        {
            return;
        }
        try
        {
            _result = copier.DeserializeResult<TResult>(json);
        }
        catch (Exception exception)
        {
            _exception = new NotSupportedException($"The result of {this} from the remote silo could not be read: {exception.Message}", exception);
        }
    }

    public override void Deliver()
    {
        if (_exception is not null)
        {
            if (Finish(_exception is GrainCallTimeoutException ? RuntimeInstruments.Timeout : RuntimeInstruments.Error))
            {
                _completion.TrySetException(_exception);
            }
        }
        else if (_canceled)
        {
            if (Finish(RuntimeInstruments.Error))
            {
                _completion.TrySetCanceled();
            }
        }
        else if (Finish(RuntimeInstruments.Ok))
        {
            _completion.TrySetResult(_result!);
        }
    }

    public override void TimeOut(TimeSpan elapsed)
    {
        if (Finish(RuntimeInstruments.Timeout))
        {
            _completion.TrySetException(new GrainCallTimeoutException(
                $"{this} got no response within {runtime.Options.CallTimeout} (waited {elapsed.TotalSeconds:0.0} s)."));
        }
    }

    public override void Reject(Exception reason)
    {
        if (Finish(reason is GrainCallTimeoutException ? RuntimeInstruments.Timeout : RuntimeInstruments.Error))
        {
            _completion.TrySetException(reason);
        }
    }

    /// <summary>
    /// Claims the right to hand over the outcome and counts it, before the caller's continuation
    /// can run (which may be inline), so a caller that reads the figures after its await sees its
    /// own call. False when another outcome came first.
    /// </summary>
    private bool Finish(string outcome)
    {
        if (Interlocked.Exchange(ref _finished, 1) != 0)
        {
            return false;
        }
        runtime.Metrics.CallCompleted(outcome, IsRemote, CreatedTimestamp);
        return true;
    }
}
