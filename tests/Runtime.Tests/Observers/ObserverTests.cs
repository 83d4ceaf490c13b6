using System.Collections.Concurrent;
using Gatehouse.Runtime.Observers;
using Gatehouse.Runtime.Tests.TestGrains;

namespace Gatehouse.Runtime.Tests.Observers;

public sealed class ObserverTests
{
    private sealed class Inbox : IChatObserver
    {
        public ConcurrentQueue<string> Messages { get; } = new();

        public TaskCompletionSource Arrived { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task Receive(string room, string message)
        {
            Messages.Enqueue($"{room}:{message}");
            Arrived.TrySetResult();
            return Task.CompletedTask;
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_grain_pushes_notifications_to_a_subscribed_observer(bool serializeAllCalls)
    {
        await using var cluster = await TestClusters.StartAsync(b => b.ConfigureOptions(o => o.SerializeAllCalls = serializeAllCalls));
        var inbox = new Inbox();
        var reference = cluster.GrainFactory.CreateObjectReference<IChatObserver>(inbox);
        var room = cluster.GrainFactory.GetGrain<IChatRoomGrain>("lobby");

        await room.Subscribe(reference);
        await room.Publish("hello");

        await inbox.Arrived.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(["lobby:hello"], inbox.Messages);
    }

    [Fact]
    public async Task A_deleted_observer_is_dropped_by_the_grain_on_the_next_notification()
    {
        await using var cluster = await TestClusters.StartAsync();
        var inbox = new Inbox();
        var reference = cluster.GrainFactory.CreateObjectReference<IChatObserver>(inbox);
        var room = cluster.GrainFactory.GetGrain<IChatRoomGrain>("gone");
        await room.Subscribe(reference);

        cluster.GrainFactory.DeleteObjectReference(reference);
        await room.Publish("anyone?");

        Assert.Equal(0, await room.SubscriberCount());
        Assert.Empty(inbox.Messages);
        await Assert.ThrowsAsync<ObserverNotFoundException>(() => reference.Receive("x", "y"));
    }
}
