using System.Collections.Immutable;
using System.Diagnostics;
using System.Globalization;
using Gatehouse.Grains.Messages;
using Gatehouse.Grains.Messages.Postgres;
using Gatehouse.Grains.Messages.Sqlite;
using Gatehouse.Grains.Security;
using Gatehouse.Runtime.Persistence.Postgres;
using Gatehouse.Runtime.Persistence.Sqlite;
using Gatehouse.TestingHost;
using Microsoft.Data.Sqlite;

namespace Gatehouse.Benchmarks;

/// <summary>
/// The message store on its own (no HTTP, no grains), against the issue 4 targets.
/// <c>-- messages append sqlite|postgres [seconds] [devices]</c>: every device is a loop that
/// awaits one append at a time (4 numeric fields), as a device grain does; reports messages/s and
/// the CPU the whole process spent per message, median of 3 runs after a warm-up.
/// <c>-- messages query sqlite|postgres [count]</c>: stores <c>count</c> (default 1,000,000)
/// messages for ONE device, all inside one day (the worst case for a day's series), then times a
/// day at 1-minute buckets and the latest values, median of 30 runs after 3 warm-ups.
/// </summary>
internal static class MessageStoreMode
{
    private const int Runs = 3;
    private static readonly DateTimeOffset Day = new(2026, 6, 1, 0, 0, 0, TimeSpan.Zero);

    public static async Task<int> RunAsync(string[] args)
    {
        if (args is not [var what, var provider, .. var rest] || what is not ("append" or "query") || provider is not ("sqlite" or "postgres" or "memory"))
        {
            Console.Error.WriteLine("usage: messages append|query sqlite|postgres [seconds devices | count]");
            return 2;
        }
        MachineInfo.Print();
        var root = Path.Combine(Path.GetTempPath(), "gatehouse-bench-messages", Guid.NewGuid().ToString("N"));
        PostgresServer? postgres = null;
        try
        {
            IMessageStore store;
            if (provider == "memory")
            {
                // The harness's own cost: loops, messages, awaits, with a store that only adds to a list.
                store = new Gatehouse.Grains.Messages.Memory.MemoryMessageStore();
                Console.WriteLine("store        : memory (the harness's own cost)");
            }
            else if (provider == "sqlite")
            {
                var options = new SqliteStorageOptions { DataDirectory = root, FileName = "messages.db", Synchronous = SqliteSynchronousMode.Full };
                await new SqliteMessageSchemaInitializer(options).ExecuteAsync(CancellationToken.None);
                if (Environment.GetEnvironmentVariable("BENCH_NO_INBOX_INDEX") is "1" or "device")
                {
                    await using var raw = new SqliteConnection($"Data Source={Path.Combine(root, "messages.db")}");
                    await raw.OpenAsync();
                    await using var drop = raw.CreateCommand();
                    drop.CommandText = Environment.GetEnvironmentVariable("BENCH_NO_INBOX_INDEX") == "device"
                        ? "DROP INDEX message_inbox_device; CREATE INDEX message_inbox_device ON message_inbox (device_key)"
                        : "DROP INDEX message_inbox_device";
                    await drop.ExecuteNonQueryAsync();
                }
                var messageOptions = new MessageOptions();
                if (Environment.GetEnvironmentVariable("BENCH_COMPACT_MS") is { } ms)
                {
                    messageOptions.SqliteCompactionInterval = ms == "inf" ? Timeout.InfiniteTimeSpan : TimeSpan.FromMilliseconds(int.Parse(ms, CultureInfo.InvariantCulture));
                }
                if (Environment.GetEnvironmentVariable("BENCH_INBOX_LIMIT") is { } limit)
                {
                    messageOptions.SqliteInboxLimit = int.Parse(limit, CultureInfo.InvariantCulture);
                }
                if (Environment.GetEnvironmentVariable("BENCH_CHUNK") is { } chunk)
                {
                    messageOptions.SqliteCompactionChunkSize = int.Parse(chunk, CultureInfo.InvariantCulture);
                }
                store = new SqliteMessageStore(options, "bench", messageOptions);
                Console.WriteLine($"store        : SQLite, synchronous=FULL, WAL, {Path.Combine(root, "messages.db")}");
            }
            else
            {
                postgres = await PostgresServer.StartAsync();
                var options = new PostgresStorageOptions { ConnectionString = await postgres.CreateDatabaseAsync("bench_messages") };
                await new PostgresMessageSchemaInitializer(options).ExecuteAsync(CancellationToken.None);
                store = new PostgresMessageStore(options, "bench");
                Console.WriteLine("store        : PostgreSQL (the test server: fsync=off, synchronous_commit=off)");
            }
            await using var _ = store as IAsyncDisposable;
            return what == "append"
                ? await AppendAsync(store, rest)
                : await QueryAsync(store, rest);
        }
        finally
        {
            if (Directory.Exists(root))
            {
                var bytes = Directory.GetFiles(root).Sum(f => new FileInfo(f).Length);
                Console.WriteLine($"on disk      : {bytes / 1e6:0.0} MB in {root} (database, WAL and shared memory)");
            }
            if (postgres is not null)
            {
                await postgres.DisposeAsync();
            }
            SqliteConnection.ClearAllPools();
            if (Directory.Exists(root))
            {
                Directory.Delete(root, recursive: true);
            }
        }
    }

    private static async Task<int> AppendAsync(IMessageStore store, string[] args)
    {
        var seconds = args.Length > 0 ? double.Parse(args[0], CultureInfo.InvariantCulture) : 10;
        var devices = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 1000;
        Console.WriteLine($"# append: {devices} devices, each awaiting one append at a time, 4 numeric fields, {seconds:0.#} s per run, median of {Runs}");
        await RunAppendsAsync(store, devices, TimeSpan.FromSeconds(Math.Min(2, seconds)));
        var results = new List<(double Rate, double CpuPerMessage, double KernelPerMessage)>();
        for (var run = 1; run <= Runs; run++)
        {
            var result = await RunAppendsAsync(store, devices, TimeSpan.FromSeconds(seconds));
            Console.WriteLine($"run {run}        : {result.Rate,10:N0} msg/s, {result.CpuPerMessage:0.0} µs CPU/msg (process; {result.KernelPerMessage:0.0} of it in the kernel), {result.Rate * result.CpuPerMessage / 1e6:0.00} cores");
            results.Add(result);
        }
        var median = results.OrderBy(r => r.Rate).ElementAt(Runs / 2);
        Console.WriteLine($"median       : {median.Rate:N0} msg/s ({median.Rate / 15_000:0.00}× the 15,000 msg/s ingest target); at 15,000 msg/s the store would use {15_000 * median.CpuPerMessage / 1e6:0.00} cores");
        return 0;
    }

    private static async Task<(double Rate, double CpuPerMessage, double KernelPerMessage)> RunAppendsAsync(IMessageStore store, int devices, TimeSpan duration)
    {
        var process = Process.GetCurrentProcess();
        var cpuBefore = process.TotalProcessorTime;
        var kernelBefore = process.PrivilegedProcessorTime;
        var clock = Stopwatch.StartNew();
        var deadline = duration;
        var counts = new long[devices];
        await Task.WhenAll(Enumerable.Range(0, devices).Select(d => Task.Run(async () =>
        {
            var deviceId = $"device-{d:D4}";
            var sender = new MessageSender(PrincipalKind.Device, deviceId, CredentialKind.AccessToken, "token-" + d);
            long i = 0;
            while (clock.Elapsed < deadline)
            {
                await store.AppendAsync(Message(deviceId, sender, DateTimeOffset.UtcNow, i++));
            }
            counts[d] = i;
        })));
        var elapsed = clock.Elapsed;
        process.Refresh();
        var cpu = process.TotalProcessorTime - cpuBefore;
        var kernel = process.PrivilegedProcessorTime - kernelBefore;
        var total = counts.Sum();
        return (total / elapsed.TotalSeconds, cpu.TotalMicroseconds / total, kernel.TotalMicroseconds / total);
    }

    private static async Task<int> QueryAsync(IMessageStore store, string[] args)
    {
        var count = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 1_000_000;
        const string DeviceId = "the-device";
        var sender = new MessageSender(PrincipalKind.Device, DeviceId, CredentialKind.AccessToken, "token");
        var spacing = TimeSpan.FromDays(1) / count;
        var load = Stopwatch.StartNew();
        const int Concurrency = 512;
        await Task.WhenAll(Enumerable.Range(0, Concurrency).Select(w => Task.Run(async () =>
        {
            for (var i = w; i < count; i += Concurrency)
            {
                await store.AppendAsync(Message(DeviceId, sender, Day + spacing * i, i));
            }
        })));
        Console.WriteLine($"# query: {count:N0} messages of one device inside one day (stored in {load.Elapsed.TotalSeconds:0.0} s); median of 30 after 3 warm-ups");

        var series = new SeriesQuery(Day, Day.AddDays(1), TimeSpan.FromMinutes(1));
        var (seriesMedian, seriesP95, buckets) = await TimeAsync(async () => (await store.AggregateAsync(DeviceId, series)).Length);
        Console.WriteLine($"day @ 1 min  : median {seriesMedian:0.00} ms, p95 {seriesP95:0.00} ms, {buckets:N0} buckets (target 50 ms: {(seriesMedian <= 50 ? "pass" : "miss")}, {seriesMedian / 50:0.00}× of target)");
        var (latestMedian, latestP95, fields) = await TimeAsync(async () => (await store.LatestAsync(DeviceId)).Length);
        Console.WriteLine($"latest       : median {latestMedian:0.00} ms, p95 {latestP95:0.00} ms, {fields} fields (target 5 ms: {(latestMedian <= 5 ? "pass" : "miss")}, {latestMedian / 5:0.00}× of target)");
        var unaligned = series with { From = Day.AddSeconds(30), To = Day.AddHours(1).AddSeconds(30), Interval = TimeSpan.FromSeconds(10) };
        var (rawMedian, rawP95, rawBuckets) = await TimeAsync(async () => (await store.AggregateAsync(DeviceId, unaligned)).Length, runs: 5);
        Console.WriteLine($"raw scan     : an unaligned hour at 10 s ({count / 24:N0} messages scanned): median {rawMedian:0.00} ms, p95 {rawP95:0.00} ms, {rawBuckets:N0} buckets (no target)");
        return 0;
    }

    private static async Task<(double Median, double P95, int Result)> TimeAsync(Func<Task<int>> query, int runs = 30)
    {
        var result = 0;
        for (var i = 0; i < 3; i++)
        {
            result = await query();
        }
        var times = new List<double>();
        for (var i = 0; i < runs; i++)
        {
            var clock = Stopwatch.StartNew();
            result = await query();
            times.Add(clock.Elapsed.TotalMilliseconds);
        }
        times.Sort();
        return (times[times.Count / 2], times[(int)Math.Ceiling(times.Count * 0.95) - 1], result);
    }

    private static StoredMessage Message(string deviceId, MessageSender sender, DateTimeOffset at, long i)
    {
        var now = DateTimeOffset.FromUnixTimeMilliseconds(at.ToUnixTimeMilliseconds());
        double t = 20 + i % 10, h = 40 + i % 7, p = 1000 + i % 13, v = 3.3 + i % 3;
        var payload = string.Create(CultureInfo.InvariantCulture, $$"""{"temperature":{{t}},"humidity":{{h}},"pressure":{{p}},"voltage":{{v}}}""");
        return new StoredMessage(
            new DeviceMessage(Guid.NewGuid().ToString("N"), deviceId, sender, now, null, payload),
            [FieldSample.OfNumber("temperature", t), FieldSample.OfNumber("humidity", h), FieldSample.OfNumber("pressure", p), FieldSample.OfNumber("voltage", v)]);
    }
}
