using Gatehouse.Runtime.Observers;

namespace Gatehouse.Runtime.Transport;

/// <summary>
/// Turns a call frame into an <see cref="InboundCall"/> and queues it where the grain lives here:
/// the catalog (a normal turn of the activation) or the observer registry. A frame that names an
/// unknown method or carries unreadable arguments is answered with an error, not run.
/// </summary>
internal sealed class InboundDispatcher(SiloRuntime runtime, WireMethodTable methods)
{
    public void Dispatch(SiloConnection connection, in Frame frame)
    {
        var oneWay = frame.Kind == FrameKind.OneWay;
        GrainId target;
        try
        {
            target = GrainId.Parse(frame.Target);
        }
        catch (FormatException exception)
        {
            Refuse(connection, frame, exception);
            return;
        }
        var method = methods.Find(frame.Interface, frame.Method);
        if (method is null)
        {
            Refuse(connection, frame, new NotSupportedException($"This silo has no grain method {frame.Method} on {frame.Interface}."));
            return;
        }
        object?[] arguments;
        try
        {
            arguments = runtime.Copier.DeserializeArguments(method, frame.Payload.Span);
        }
        catch (Exception exception)
        {
            // Whatever a peer's bytes make the deserializer throw (a reference to a grain type
            // this silo does not know, say), it costs that call, never the connection.
            Refuse(connection, frame, new ArgumentException($"The arguments of {method.DisplayName} could not be read: {exception.Message}", exception));
            return;
        }

        // The caller's budget, counted from arrival (silo clocks are not compared); never more
        // than this silo's own CallTimeout, which the activation's sweep enforces.
        var callTimeout = runtime.Options.CallTimeout;
        var budget = frame.TimeoutMilliseconds == 0 ? callTimeout : TimeSpan.FromMilliseconds(frame.TimeoutMilliseconds);
        if (budget > callTimeout)
        {
            budget = callTimeout;
        }
        var clock = runtime.TimeProvider;
        var created = clock.GetTimestamp() - (long)((callTimeout - budget).TotalSeconds * clock.TimestampFrequency);
        var call = new InboundCall(method, target, arguments, created, connection, frame.CorrelationId, oneWay, runtime.Copier, callTimeout, runtime.Metrics);
        try
        {
            if (target.Type == ObserverRegistry.ObserverGrainType)
            {
                runtime.Observers.Dispatch(call);
            }
            else
            {
                runtime.Catalog.Dispatch(call);
            }
        }
        catch (Exception exception)
        {
            // An unknown grain type, for instance: the caller learns why.
            TransportLog.InboundCallRefused(runtime.Logger, exception, method.DisplayName, frame.Target, connection.Name);
            call.Reject(exception);
        }
    }

    private void Refuse(SiloConnection connection, in Frame frame, Exception reason)
    {
        TransportLog.InboundCallRefused(runtime.Logger, reason, frame.Method, frame.Target, connection.Name);
        if (frame.Kind == FrameKind.Request)
        {
            connection.Send(Frame.Answer(FrameKind.Error, frame.CorrelationId, runtime.Copier.SerializeException(reason)));
        }
    }
}
