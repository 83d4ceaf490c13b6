using System.Collections.Immutable;
using Gatehouse.Grains.Identity.Secrets;
using Gatehouse.Grains.Messages;
using Gatehouse.Grains.Security;

namespace Gatehouse.Grains.Devices;

/// <summary>
/// A device's data: publishing messages (validated here, stored in the <see cref="IMessageStore"/>,
/// never in grain state), reading them back as pages, current values and aggregates, and the
/// live feed. Every read is authorized here, with the same rules as reading the device.
/// </summary>
public sealed partial class DeviceGrain
{
    private DeviceFeed? _feed;

    private DeviceFeed Feed => _feed ??= new DeviceFeed(time);

    public async Task<PublishedMessage> PublishAsync(Caller caller, NewMessage message)
    {
        EnsureExists();
        RequirePublish(caller);
        // Stores keep milliseconds; truncating here makes every store and every reader agree.
        var now = TruncateToMilliseconds(time.GetUtcNow());
        var samples = MessagePayloadRules.Extract(message, State.Fields, now);
        var stored = new DeviceMessage(
            SecretGenerator.NewId(),
            GetPrimaryKeyString(),
            MessageSender.From(caller),
            now,
            message.DeviceTimestamp is { } ts ? TruncateToMilliseconds(ts) : null,
            message.PayloadJson);
        await messages.AppendAsync(new StoredMessage(stored, samples));
        // Subscribers hear of a message only once it is durable, so a feed never shows data a crash could take back.
        await Feed.PublishAsync(stored, messageOptions.Value.FeedSubscriptionLifetime, MayRead);
        return new PublishedMessage(stored.Mid, now);
    }

    public async Task<MessagePage> ReadMessagesAsync(Caller caller, MessageRange range)
    {
        EnsureExists();
        RequireReadData(caller);
        return await messages.ReadAsync(GetPrimaryKeyString(), range);
    }

    public async Task<ImmutableArray<FieldValue>> GetLatestValuesAsync(Caller caller)
    {
        EnsureExists();
        RequireReadData(caller);
        return await messages.LatestAsync(GetPrimaryKeyString());
    }

    public async Task<ImmutableArray<SeriesBucket>> GetSeriesAsync(Caller caller, SeriesQuery query)
    {
        EnsureExists();
        RequireReadData(caller);
        return await messages.AggregateAsync(GetPrimaryKeyString(), query);
    }

    public Task<TimeSpan> SubscribeAsync(Caller caller, IDeviceMessageObserver observer)
    {
        ArgumentNullException.ThrowIfNull(observer);
        EnsureExists();
        RequireReadData(caller);
        Feed.Subscribe(observer, caller);
        return Task.FromResult(messageOptions.Value.FeedSubscriptionLifetime);
    }

    public Task UnsubscribeAsync(IDeviceMessageObserver observer)
    {
        _feed?.Unsubscribe(observer);
        return Task.CompletedTask;
    }

    /// <summary>After a change of sharing, owner or visibility: end the feeds of subscribers who may no longer read.</summary>
    private async Task RecheckFeedAsync()
    {
        if (_feed is { } feed)
        {
            await feed.RecheckAsync(messageOptions.Value.FeedSubscriptionLifetime, MayRead);
        }
        // Device channels hold a registrant's right to send; the same changes can take it away.
        await RecheckChannelsAsync();
    }

    private bool MayRead(Caller caller)
    {
        try
        {
            RequireReadData(caller);
            return true;
        }
        catch (Exception exception) when (exception is AccessDeniedException or NotAuthenticatedException)
        {
            return false;
        }
    }

    private static DateTimeOffset TruncateToMilliseconds(DateTimeOffset value) =>
        DateTimeOffset.FromUnixTimeMilliseconds(value.ToUnixTimeMilliseconds());
}
