using Gatehouse.Runtime.Hosting;

namespace Gatehouse.Silo.Health;

/// <summary>
/// Probes for process supervisors and load balancers. <c>/healthz</c> (liveness) only says the
/// process serves HTTP, so a slow database never gets a healthy process restarted;
/// <c>/readyz</c> (readiness) says whether calls can succeed now, so traffic is routed away
/// while the silo starts, stops or loses its storage.
/// </summary>
internal static partial class HealthEndpoints
{
    public const string LivenessPath = "/healthz";
    public const string ReadinessPath = "/readyz";

    // A probe that hangs is worse than one that fails: supervisors time out on their own and
    // learn nothing. Kept well under common probe timeouts.
    private static readonly TimeSpan ReadinessCheckTimeout = TimeSpan.FromSeconds(5);

    public static IEndpointRouteBuilder MapHealthEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet(LivenessPath, Live).ExcludeFromDescription();
        endpoints.MapGet(ReadinessPath, ReadyAsync).ExcludeFromDescription();
        return endpoints;
    }

    private static IResult Live(HttpContext context)
    {
        DoNotCache(context);
        return Results.Json(new { status = "ok" });
    }

    private static async Task<IResult> ReadyAsync(
        HttpContext context,
        ISiloStatusProvider silo,
        ILoggerFactory loggerFactory)
    {
        DoNotCache(context);

        var status = silo.Status;
        if (status != SiloStatus.Active)
        {
            return NotReady($"The silo is {status}, not {SiloStatus.Active}.", status);
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted);
        timeout.CancelAfter(ReadinessCheckTimeout);
        string? reason;
        try
        {
            reason = await silo.CheckReadinessAsync(timeout.Token);
        }
        catch (OperationCanceledException) when (!context.RequestAborted.IsCancellationRequested)
        {
            reason = $"The readiness check did not finish within {ReadinessCheckTimeout.TotalSeconds:0} s.";
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // The exception's message may carry connection details; the operator finds it in the
            // log, the unauthenticated probe response only gets its type.
            LogReadinessCheckFailed(loggerFactory.CreateLogger(typeof(HealthEndpoints)), exception);
            reason = $"The readiness check failed with {exception.GetType().Name}; see the log.";
        }

        return reason is null
            ? Results.Json(new { status = "ready" })
            : NotReady(reason, status);
    }

    private static IResult NotReady(string reason, SiloStatus status) =>
        Results.Problem(
            statusCode: StatusCodes.Status503ServiceUnavailable,
            title: "Not ready",
            detail: reason,
            extensions: new Dictionary<string, object?> { ["siloStatus"] = status.ToString() });

    private static void DoNotCache(HttpContext context) =>
        context.Response.Headers.CacheControl = "no-store";

    [LoggerMessage(EventId = 1, Level = LogLevel.Warning, Message = "Readiness check failed")]
    private static partial void LogReadinessCheckFailed(ILogger logger, Exception exception);
}
