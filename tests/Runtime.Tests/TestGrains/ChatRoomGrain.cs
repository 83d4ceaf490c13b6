using Gatehouse.Runtime.Observers;

namespace Gatehouse.Runtime.Tests.TestGrains;

public interface IChatObserver : IGrainObserver
{
    Task Receive(string room, string message);
}

public interface IChatRoomGrain : IGrainWithStringKey
{
    Task Subscribe(IChatObserver observer);

    Task Unsubscribe(IChatObserver observer);

    Task Publish(string message);

    Task<int> SubscriberCount();
}

/// <summary>Pushes every published message to its subscribers.</summary>
public sealed class ChatRoomGrain : Grain, IChatRoomGrain
{
    private readonly ObserverManager<IChatObserver> _subscribers = new(TimeSpan.FromMinutes(5), TimeProvider.System);

    public Task Subscribe(IChatObserver observer)
    {
        _subscribers.Subscribe(observer);
        return Task.CompletedTask;
    }

    public Task Unsubscribe(IChatObserver observer)
    {
        _subscribers.Unsubscribe(observer);
        return Task.CompletedTask;
    }

    public Task Publish(string message) => _subscribers.NotifyAsync(o => o.Receive(GrainId.Key, message));

    public Task<int> SubscriberCount() => Task.FromResult(_subscribers.Count);
}
