using System.Diagnostics.Metrics;
using Gatehouse.Runtime.Diagnostics;

namespace Gatehouse.Gateway.Metrics;

/// <summary>
/// The gateway's HTTP figures on the <c>Gatehouse.Gateway</c> meter: requests finished by status
/// class (<c>2xx</c> … <c>5xx</c>), and how long they took. The only label is the status class:
/// a path or query string would carry ids and, on some surfaces, credentials
/// (<c>?access_token=</c>), and would make series without bound. WebSocket and event-stream
/// requests are counted but not timed, since they last as long as the client stays.
/// </summary>
internal sealed class HttpRequestInstruments
{
    public const string MeterName = "Gatehouse.Gateway";

    private static readonly string[] StatusClasses = ["1xx", "2xx", "3xx", "4xx", "5xx"];

    private readonly Counter<long> _requests;
    private readonly Histogram<double> _duration;
    private readonly TimeProvider _time;

    public HttpRequestInstruments(IMeterFactory meterFactory, TimeProvider time)
    {
        _time = time;
        var meter = meterFactory.Create(MeterName);
        _requests = meter.CreateCounter<long>("gatehouse.http.requests", "{request}",
            "HTTP requests the gateway finished, by status class; an exception that escaped counts as 5xx.");
        _duration = meter.CreateHistogram("gatehouse.http.request.duration", "s",
            "From the request reaching the gateway's pipeline to its handler returning (WebSocket and event streams excluded).",
            tags: null,
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = DurationBuckets.Seconds });
    }

    public async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        var started = _time.GetTimestamp();
        var failed = true;
        try
        {
            await next(context);
            failed = false;
        }
        finally
        {
            var status = failed ? StatusCodes.Status500InternalServerError : context.Response.StatusCode;
            var statusClass = new KeyValuePair<string, object?>("status_class", StatusClasses[Math.Clamp(status / 100, 1, 5) - 1]);
            _requests.Add(1, statusClass);
            if (_duration.Enabled && !IsLongLived(context))
            {
                _duration.Record(_time.GetElapsedTime(started).TotalSeconds, statusClass);
            }
        }
    }

    private static bool IsLongLived(HttpContext context) =>
        context.WebSockets.IsWebSocketRequest
        || (context.Response.ContentType?.StartsWith("text/event-stream", StringComparison.OrdinalIgnoreCase) ?? false);
}
