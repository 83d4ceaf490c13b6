using Gatehouse.Runtime.Activation;
using Gatehouse.Runtime.Observers;
using Gatehouse.Runtime.Placement;
using Gatehouse.Runtime.Transport;

namespace Gatehouse.Runtime.Invocation;

/// <summary>
/// Turns a call on a reference into a request and sends it where the grain lives: the local
/// catalog, a local observer, or (with a transport) the silo that placement names as its owner.
/// </summary>
internal sealed class GrainCallInvoker(SiloRuntime runtime)
{
    public object Invoke(GrainProxy proxy, GrainInterfaceMethod method, object?[] arguments)
    {
        if (runtime.Transport is { } transport)
        {
            SiloAddress remoteSilo;
            bool remote;
            try
            {
                remote = transport.TryGetRemoteOwner(proxy.GrainId, out remoteSilo);
            }
            catch (SiloUnavailableException exception)
            {
                // No active silo to own the grain: the call fails through its task, like any other failure.
                var refused = method.NewRequest(proxy.GrainId, arguments, runtime);
                refused.Reject(exception);
                return refused.ReturnValue;
            }
            if (remote)
            {
                // Serialized once, straight into the frame: the wire is the copy.
                var call = method.NewRequest(proxy.GrainId, arguments, runtime);
                transport.Send(remoteSilo, call, arguments);
                return call.ReturnValue;
            }
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

        // Placement said this silo (or there is no transport: a cluster of one). A cached
        // activation that has gone away refuses the request; fall back to the catalog.
        if (proxy.CachedActivation is not { } cached || !cached.TryEnqueue(request))
        {
            proxy.CachedActivation = runtime.Catalog.Dispatch(request);
        }
        return request.ReturnValue;
    }

    /// <summary>
    /// Sends on a request that was queued on an activation that went away before running it (it
    /// was deactivated, perhaps because the grain moved): to the owner by the current view, here or
    /// elsewhere. A call that reached this silo already forwarded runs here, never travelling again.
    /// </summary>
    public void Redispatch(GrainCallRequest request)
    {
        if (runtime.Transport is { } transport && request is not InboundCall { Forwarded: true })
        {
            bool remote;
            SiloAddress owner;
            try
            {
                remote = transport.TryGetRemoteOwner(request.Target, out owner);
            }
            catch (SiloUnavailableException exception)
            {
                request.Reject(exception);
                return;
            }
            if (remote)
            {
                if (request is InboundCall inbound)
                {
                    transport.Forward(owner, inbound);
                }
                else
                {
                    transport.Send(owner, request, request.Arguments);
                }
                return;
            }
        }
        runtime.Catalog.Dispatch(request);
    }
}
