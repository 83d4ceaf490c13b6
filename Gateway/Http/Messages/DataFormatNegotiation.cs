using Gatehouse.Grains;
using Microsoft.Net.Http.Headers;

namespace Gatehouse.Gateway.Http.Messages;

/// <summary>Chooses a data endpoint's <see cref="DataFormat"/> from the request.</summary>
public static class DataFormatNegotiation
{
    /// <summary>
    /// <c>format=csv</c> or <c>format=json</c> wins (a spreadsheet's "import from URL" cannot set
    /// headers); otherwise CSV when <c>Accept</c> names <c>text/csv</c> above JSON, else JSON.
    /// </summary>
    public static DataFormat Choose(HttpRequest request)
    {
        var format = request.Query["format"].ToString();
        switch (format)
        {
            case "csv":
                return DataFormat.Csv;
            case "json":
                return DataFormat.Json;
            case "":
                break;
            default:
                throw new InvalidRequestException($"format is 'json' or 'csv', not '{format}'.");
        }
        if (!MediaTypeHeaderValue.TryParseList(request.Headers.Accept, out var accepted))
        {
            return DataFormat.Json;
        }
        double Quality(params string[] types) => accepted
            .Where(a => types.Any(t => a.MediaType.Equals(t, StringComparison.OrdinalIgnoreCase)))
            .Select(a => a.Quality ?? 1.0)
            .DefaultIfEmpty(-1)
            .Max();
        var csv = Quality(CsvTable.MediaType);
        // JSON is what */* and application/* get, so CSV needs text/csv ranked at least as high.
        return csv > 0 && csv >= Quality("application/json", "application/*", "*/*") ? DataFormat.Csv : DataFormat.Json;
    }
}
