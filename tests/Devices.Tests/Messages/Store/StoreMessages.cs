using System.Collections.Immutable;
using System.Globalization;
using Gatehouse.Grains.Devices;
using Gatehouse.Grains.Messages;
using Gatehouse.Grains.Security;

namespace Gatehouse.Devices.Tests.Messages.Store;

/// <summary>Messages as the device grain hands them to a store, and the reference computations the store's answers are checked against.</summary>
internal static class StoreMessages
{
    public static readonly DateTimeOffset Day = new(2026, 5, 4, 0, 0, 0, TimeSpan.Zero);

    private static int _mids;

    public static StoredMessage Message(string deviceId, DateTimeOffset at, params FieldSample[] fields)
    {
        var mid = Interlocked.Increment(ref _mids).ToString("x32", CultureInfo.InvariantCulture);
        var payload = "{" + string.Join(",", fields.Select(f => $"\"{f.Name}\":{Json(f)}")) + "}";
        var ms = DateTimeOffset.FromUnixTimeMilliseconds(at.ToUnixTimeMilliseconds());
        return new StoredMessage(
            new DeviceMessage(mid, deviceId, new MessageSender(PrincipalKind.Device, deviceId, CredentialKind.AccessToken, "tok-1"), ms, null, payload),
            [.. fields]);
    }

    /// <summary>A message whose series time is the device's, received later (devices may send out of order).</summary>
    public static StoredMessage DeviceTimed(string deviceId, DateTimeOffset deviceTime, DateTimeOffset receivedAt, params FieldSample[] fields)
    {
        var message = Message(deviceId, receivedAt, fields);
        return message with { Message = message.Message with { DeviceTimestamp = DateTimeOffset.FromUnixTimeMilliseconds(deviceTime.ToUnixTimeMilliseconds()) } };
    }

    public static FieldSample Num(string name, double value) => FieldSample.OfNumber(name, value);

    /// <summary>What a scan of <paramref name="messages"/> (in store order) gives for <paramref name="query"/>: the oracle.</summary>
    public static List<SeriesBucket> Expected(IReadOnlyList<StoredMessage> messages, SeriesQuery query)
    {
        var wanted = query.Fields.IsDefaultOrEmpty ? null : query.Fields.ToHashSet(StringComparer.Ordinal);
        return messages
            .Where(m => m.Message.Timestamp >= query.From && m.Message.Timestamp < query.To)
            .SelectMany(m => m.Fields.Select(f => (Start: query.From + TimeSpan.FromTicks((m.Message.Timestamp - query.From).Ticks / query.Interval.Ticks * query.Interval.Ticks), Sample: f)))
            .Where(x => wanted is null || wanted.Contains(x.Sample.Name))
            .GroupBy(x => (x.Start, x.Sample.Name))
            .OrderBy(g => g.Key.Start).ThenBy(g => g.Key.Name, StringComparer.Ordinal)
            .Select(g =>
            {
                var numeric = g.Where(x => x.Sample.Type != FieldType.String).Select(x => x.Sample.Number).ToList();
                return new SeriesBucket(g.Key.Start, g.Key.Name, g.Count(),
                    numeric.Count == 0 ? null : numeric.Min(),
                    numeric.Count == 0 ? null : numeric.Max(),
                    numeric.Count == 0 ? null : numeric.Sum() / numeric.Count);
            })
            .ToList();
    }

    /// <summary>
    /// Equal buckets: start, field, count, min and max exactly; the average to 1e-12 relative, since
    /// pre-aggregated minutes add the same values in another order (docs/architecture.md).
    /// </summary>
    public static void AssertSameBuckets(IReadOnlyList<SeriesBucket> expected, IReadOnlyList<SeriesBucket> actual)
    {
        Assert.Equal(expected.Select(b => (b.Start, b.Field, b.Count, b.Min, b.Max)), actual.Select(b => (b.Start, b.Field, b.Count, b.Min, b.Max)));
        foreach (var (e, a) in expected.Zip(actual))
        {
            if (e.Avg is null)
            {
                Assert.Null(a.Avg);
            }
            else
            {
                Assert.NotNull(a.Avg);
                Assert.True(Math.Abs(e.Avg.Value - a.Avg.Value) <= 1e-12 * Math.Max(1, Math.Abs(e.Avg.Value)), $"avg {a.Avg} != {e.Avg} at {e.Start:O} {e.Field}");
            }
        }
    }

    private static string Json(FieldSample sample) => sample.Type switch
    {
        FieldType.Number => sample.Number.ToString("R", CultureInfo.InvariantCulture),
        FieldType.Boolean => sample.Number != 0 ? "true" : "false",
        _ => System.Text.Json.JsonSerializer.Serialize(sample.Text),
    };
}
