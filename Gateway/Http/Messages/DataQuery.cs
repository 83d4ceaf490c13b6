using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Gatehouse.Grains;

namespace Gatehouse.Gateway.Http.Messages;

/// <summary>
/// How the data endpoints read times and intervals from query strings and bodies. A time is ISO
/// 8601 with an offset (<c>2026-11-22T12:00:00Z</c>) or Unix milliseconds (<c>1795867200000</c>);
/// an interval is a count and a unit, <c>s</c>, <c>m</c>, <c>h</c> or <c>d</c> (<c>1m</c>, <c>15m</c>,
/// <c>1h</c>, <c>1d</c>). Each failure is a 400 naming the parameter.
/// </summary>
public static partial class DataQuery
{
    public static DateTimeOffset? Time(string? text, string parameter)
    {
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }
        if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var ms))
        {
            return FromMilliseconds(ms, parameter);
        }
        // An offset is required: a bare local time would mean different instants on different servers.
        if (IsoWithOffset().IsMatch(text)
            && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var time))
        {
            return time.ToUniversalTime();
        }
        throw new InvalidRequestException($"{parameter} is an ISO 8601 time with an offset (2026-11-22T12:00:00Z) or Unix milliseconds, not '{text}'.");
    }

    /// <summary>A body's <c>ts</c>: a number of Unix milliseconds (ARTIK) or an ISO 8601 string.</summary>
    public static DateTimeOffset? Time(JsonElement? value, string member)
    {
        switch (value?.ValueKind)
        {
            case null or JsonValueKind.Null or JsonValueKind.Undefined:
                return null;
            case JsonValueKind.Number when value.Value.TryGetInt64(out var ms):
                return FromMilliseconds(ms, member);
            case JsonValueKind.String:
                return Time(value.Value.GetString(), member);
            default:
                throw new InvalidRequestException($"{member} is Unix milliseconds (a whole number) or an ISO 8601 string.");
        }
    }

    public static TimeSpan Interval(string? text, string parameter, TimeSpan fallback)
    {
        if (string.IsNullOrEmpty(text))
        {
            return fallback;
        }
        var match = IntervalPattern().Match(text);
        if (!match.Success || !int.TryParse(match.Groups[1].ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture, out var count) || count == 0)
        {
            throw new InvalidRequestException($"{parameter} is a positive count and a unit s, m, h or d (1m, 15m, 1h, 1d), not '{text}'.");
        }
        return match.Groups[2].Value switch
        {
            "s" => TimeSpan.FromSeconds(count),
            "m" => TimeSpan.FromMinutes(count),
            "h" => TimeSpan.FromHours(count),
            _ => TimeSpan.FromDays(count),
        };
    }

    public static int Limit(string? text, int fallback, int max)
    {
        if (string.IsNullOrEmpty(text))
        {
            return fallback;
        }
        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var limit) && limit is >= 1 && limit <= max
            ? limit
            : throw new InvalidRequestException($"limit is a whole number from 1 to {max}, not '{text}'.");
    }

    /// <summary><c>asc</c> (the default, oldest first) or <c>desc</c>.</summary>
    public static bool Descending(string? text) => text switch
    {
        null or "" or "asc" => false,
        "desc" => true,
        _ => throw new InvalidRequestException($"order is 'asc' or 'desc', not '{text}'."),
    };

    /// <summary>Interval text for answers: the unit the client would have written (15m, 1h, 1d).</summary>
    public static string Describe(TimeSpan interval) =>
        interval.Ticks % TimeSpan.TicksPerDay == 0 ? $"{interval.Ticks / TimeSpan.TicksPerDay}d"
        : interval.Ticks % TimeSpan.TicksPerHour == 0 ? $"{interval.Ticks / TimeSpan.TicksPerHour}h"
        : interval.Ticks % TimeSpan.TicksPerMinute == 0 ? $"{interval.Ticks / TimeSpan.TicksPerMinute}m"
        : $"{(long)interval.TotalSeconds}s";

    private static DateTimeOffset FromMilliseconds(long ms, string parameter) =>
        ms is >= -62_135_596_800_000 and <= 253_402_300_799_999
            ? DateTimeOffset.FromUnixTimeMilliseconds(ms)
            : throw new InvalidRequestException($"{parameter} is out of range.");

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,7})?)?(Z|[+-]\d{2}:\d{2})$")]
    private static partial Regex IsoWithOffset();

    [GeneratedRegex(@"^(\d{1,6})(s|m|h|d)$")]
    private static partial Regex IntervalPattern();
}
