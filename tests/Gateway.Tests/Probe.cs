using System.Net;

namespace Gatehouse.Gateway.Tests;

/// <summary>One answer to an HTTP probe, or why there was none (Status null).</summary>
internal sealed record Probe(HttpStatusCode? Status, string? ContentType, string Body)
{
    public override string ToString() =>
        Status is null ? Body : $"{(int)Status} {ContentType}: {Body}";
}
