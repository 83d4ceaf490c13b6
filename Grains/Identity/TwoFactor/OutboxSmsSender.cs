using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Gatehouse.Grains.Identity.TwoFactor;

/// <summary>
/// The default <see cref="ISmsSender"/>: sends nothing anywhere. Each message becomes one JSON line
/// appended to <see cref="SmsOptions.OutboxPath"/>, and the last
/// <see cref="SmsOptions.OutboxRecentCapacity"/> are kept in memory, so a developer, an operator
/// without an SMS contract, or a test can read the code that "was sent".
/// </summary>
public sealed class OutboxSmsSender : ISmsSender
{
    private const UnixFileMode OwnerReadWrite = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private const UnixFileMode OwnerOnlyDirectory = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    private readonly TimeProvider _timeProvider;
    private readonly ILogger<OutboxSmsSender> _logger;
    private readonly int _capacity;
    private readonly SemaphoreSlim _fileLock = new(1, 1);
    private readonly Queue<OutboxSmsEntry> _recent = new();

    public OutboxSmsSender(IOptions<SmsOptions> options, TimeProvider timeProvider, ILogger<OutboxSmsSender> logger)
    {
        var value = options.Value;
        ArgumentException.ThrowIfNullOrWhiteSpace(value.OutboxPath, "Gatehouse:Sms:OutboxPath");
        ArgumentOutOfRangeException.ThrowIfNegative(value.OutboxRecentCapacity, "Gatehouse:Sms:OutboxRecentCapacity");
        OutboxPath = Path.GetFullPath(value.OutboxPath);
        _capacity = value.OutboxRecentCapacity;
        _timeProvider = timeProvider;
        _logger = logger;
    }

    /// <summary>The outbox file's full path.</summary>
    public string OutboxPath { get; }

    public async Task SendAsync(SmsMessage message, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(message);
        var entry = new OutboxSmsEntry(_timeProvider.GetUtcNow(), message.To, message.Text);
        var line = Encoding.UTF8.GetBytes(JsonSerializer.Serialize(entry, SmsJson.Options) + "\n");

        await _fileLock.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            await AppendAsync(line, ct).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new SmsDeliveryException($"Could not append to the SMS outbox {OutboxPath}: {ex.Message}", ex);
        }
        finally
        {
            _fileLock.Release();
        }

        lock (_recent)
        {
            _recent.Enqueue(entry);
            while (_recent.Count > _capacity)
            {
                _recent.Dequeue();
            }
        }
        SmsLog.QueuedToOutbox(_logger, PhoneNumberMask.Mask(message.To));
    }

    /// <summary>The most recent messages, oldest first.</summary>
    public IReadOnlyList<OutboxSmsEntry> GetRecentMessages()
    {
        lock (_recent)
        {
            return _recent.ToArray();
        }
    }

    private async Task AppendAsync(byte[] line, CancellationToken ct)
    {
        var directory = Path.GetDirectoryName(OutboxPath);
        if (!string.IsNullOrEmpty(directory) && !Directory.Exists(directory))
        {
            if (OperatingSystem.IsWindows())
            {
                Directory.CreateDirectory(directory);
            }
            else
            {
                Directory.CreateDirectory(directory, OwnerOnlyDirectory);
            }
        }
        var fileOptions = new FileStreamOptions
        {
            Mode = FileMode.Append,
            Access = FileAccess.Write,
            Share = FileShare.Read,
        };
        if (!OperatingSystem.IsWindows())
        {
            // The mode is given to open(2) itself, so the file is owner-only from the instant it
            // exists; creating it and then calling File.SetUnixFileMode would leave a window in
            // which another local user could open it. It only applies when the file is created:
            // an operator's later chmod is respected.
            fileOptions.UnixCreateMode = OwnerReadWrite;
        }
        // Opened per message rather than held open, so an operator can rotate or delete the file.
        await using var stream = new FileStream(OutboxPath, fileOptions);
        await stream.WriteAsync(line, ct).ConfigureAwait(false);
        await stream.FlushAsync(ct).ConfigureAwait(false);
    }
}
