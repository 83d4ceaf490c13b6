using Gatehouse.Runtime.Observers;
using Gatehouse.Runtime.Placement;

namespace Gatehouse.Runtime.Transport;

/// <summary>
/// Turns a call frame into an <see cref="InboundCall"/> and queues it where the grain lives here:
/// the catalog (a normal turn of the activation) or the observer registry. A frame that names an
/// unknown method or carries unreadable arguments is answered with an error, not run. A request
/// for a grain this silo does not own by its view is passed on to the owner, once.
/// </summary>
/// <remarks>
/// Why forward rather than refuse with a retryable error: the caller's view is stale only for
/// about one table refresh, and forwarding costs that window one extra hop while the caller needs
/// no retry logic and nothing fails. A forwarded call (<see cref="FrameKind.ForwardedRequest"/>)
/// runs where it arrives even if that silo's view disagrees too, so two silos whose views differ
/// cannot pass a call back and forth; the activation it may create on a silo that does not own
/// the grain is deactivated as soon as it is idle (<see cref="Activation.Catalog"/>), and the
/// compare-and-swap on grain state versions keeps the brief second activation from losing or
/// doubling a write.
/// </remarks>
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
        var isObserver = target.Type == ObserverRegistry.ObserverGrainType;

        if (frame.Kind == FrameKind.Request && !isObserver && runtime.Transport is { } transport)
        {
            bool elsewhere;
            SiloAddress owner;
            try
            {
                elsewhere = transport.TryGetRemoteOwner(target, out owner);
            }
            catch (SiloUnavailableException exception)
            {
                Refuse(connection, frame, exception);
                return;
            }
            if (elsewhere)
            {
                // Passed on with its arguments unread: the owner reads them.
                var relay = new InboundCall(method, target, [], created, connection, frame.CorrelationId, oneWay, runtime.Copier, callTimeout, runtime.Metrics, forwarded: false, frame.Payload);
                transport.Forward(owner, relay);
                return;
            }
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
        var call = new InboundCall(
            method, target, arguments, created, connection, frame.CorrelationId, oneWay, runtime.Copier, callTimeout, runtime.Metrics,
            forwarded: frame.Kind == FrameKind.ForwardedRequest, frame.Payload);
        try
        {
            if (isObserver)
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
        if (frame.Kind is FrameKind.Request or FrameKind.ForwardedRequest)
        {
            connection.Send(Frame.Answer(FrameKind.Error, frame.CorrelationId, runtime.Copier.SerializeException(reason)));
        }
    }
}
