using Gatehouse.Runtime.Activation;
using Gatehouse.Runtime.Observers;
using Gatehouse.Runtime.Placement;

namespace Gatehouse.Runtime.Invocation;

/// <summary>
/// Turns a call on a reference into a request and sends it where the grain lives: the local
/// catalog, a local observer, or (with a transport) another silo.
/// </summary>
internal sealed class GrainCallInvoker(SiloRuntime runtime)
{
    public object Invoke(GrainProxy proxy, GrainInterfaceMethod method, object?[] arguments)
    {
        if (runtime.Transport is { } transport && transport.TryGetRemoteOwner(proxy.GrainId, out var remoteSilo))
        {
            // Serialized once, straight into the frame: the wire is the copy.
            var remote = method.NewRequest(proxy.GrainId, arguments, runtime);
            transport.Send(remoteSilo, remote, arguments);
            return remote.ReturnValue;
        }
        var request = method.NewRequest(proxy.GrainId, arguments, runtime);
        try
        {
            // In place: the array belongs to this call.
            runtime.Copier.CopyArguments(method, arguments);
        }
        catch (Exception exception)
        {
            // Reported through the returned task, like any other failure of the call.
            request.Reject(exception);
            return request.ReturnValue;
        }
        if (proxy.GrainId.Type == ObserverRegistry.ObserverGrainType)
        {
            runtime.Observers.Dispatch(request);
            return request.ReturnValue;
        }

        // A cached activation that has gone away refuses the request; fall back to the catalog.
        if (proxy.CachedActivation is not { } cached || !cached.TryEnqueue(request))
        {
            var owner = runtime.Placement.GetOwner(proxy.GrainId);
            if (owner != runtime.Placement.LocalSilo)
            {
                throw new NotSupportedException($"{proxy.GrainId} is placed on {owner}; calls between silos are not available yet.");
            }
            proxy.CachedActivation = runtime.Catalog.Dispatch(request);
        }
        return request.ReturnValue;
    }
}
