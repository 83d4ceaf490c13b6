using System.Collections.Concurrent;
using Gatehouse.Runtime.Tests.TestGrains;

namespace Gatehouse.Runtime.Tests.Transport;

/// <summary>Observers made on one silo and called by a grain on another.</summary>
public sealed class RemoteObserverTests
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

    [Fact]
    public async Task An_observer_on_A_is_notified_by_a_grain_on_B()
    {
        await using var silos = await TwoSilos.StartAsync();
        var inbox = new Inbox();
        var reference = silos.A.GrainFactory.CreateObjectReference<IChatObserver>(inbox);
        var room = silos.Pin(silos.A.GrainFactory.GetGrain<IChatRoomGrain>("lobby"), silos.B);
        await room.Subscribe(reference);

        // Published through B's own factory: the grain's notification crosses back to A.
        await silos.B.GrainFactory.GetGrain<IChatRoomGrain>("lobby").Publish("hello from B");

        await inbox.Arrived.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(["lobby:hello from B"], inbox.Messages);
        Assert.Equal(0, silos.A.ActivationCount);
        Assert.Equal(1, silos.B.ActivationCount);
    }

    [Fact]
    public async Task A_grain_on_B_drops_an_observer_deleted_on_A()
    {
        await using var silos = await TwoSilos.StartAsync();
        var inbox = new Inbox();
        var reference = silos.A.GrainFactory.CreateObjectReference<IChatObserver>(inbox);
        var room = silos.Pin(silos.A.GrainFactory.GetGrain<IChatRoomGrain>("gone"), silos.B);
        await room.Subscribe(reference);
        Assert.Equal(1, await room.SubscriberCount());

        silos.A.GrainFactory.DeleteObjectReference(reference);
        await room.Publish("anyone?");

        // ObserverNotFoundException crossed the wire as itself, so the grain's manager dropped the subscriber.
        Assert.Equal(0, await room.SubscriberCount());
        Assert.Empty(inbox.Messages);
    }
}
