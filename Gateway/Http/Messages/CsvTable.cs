using System.Globalization;
using System.Text;

namespace Gatehouse.Gateway.Http.Messages;

/// <summary>
/// Rows written as RFC 4180 CSV: a header row, CRLF line ends, and a field quoted (its quotes
/// doubled) when it holds a comma, a quote, CR or LF. Served as <c>text/csv; charset=utf-8; header=present</c>.
/// </summary>
public sealed class CsvTable(params string[] header)
{
    public const string MediaType = "text/csv";

    private readonly StringBuilder _text = new(Line(header));

    public CsvTable Row(params object?[] cells)
    {
        if (cells.Length != header.Length)
        {
            throw new ArgumentException($"A row has {header.Length} cells, not {cells.Length}.", nameof(cells));
        }
        _text.Append(Line(cells));
        return this;
    }

    public IResult ToResult(Action<HttpResponse>? headers = null) => new CsvResult(_text.ToString(), headers);

    public override string ToString() => _text.ToString();

    private static string Line(IEnumerable<object?> cells) => string.Join(',', cells.Select(Cell)) + "\r\n";

    private static string Cell(object? value)
    {
        var text = value switch
        {
            null => "",
            DateTimeOffset time => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture),
            double number => number.ToString("R", CultureInfo.InvariantCulture),
            bool flag => flag ? "true" : "false",
            IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
            _ => value.ToString() ?? "",
        };
        return text.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + text.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : text;
    }

    private sealed class CsvResult(string text, Action<HttpResponse>? headers) : IResult
    {
        public Task ExecuteAsync(HttpContext http)
        {
            http.Response.StatusCode = StatusCodes.Status200OK;
            http.Response.ContentType = "text/csv; charset=utf-8; header=present";
            headers?.Invoke(http.Response);
            return http.Response.WriteAsync(text, Encoding.UTF8);
        }
    }
}
