namespace Gatehouse.Runtime.Tests.TestGrains;

public interface IFailingActivationGrain : IGrainWithStringKey
{
    Task<int> Attempt();
}

/// <summary>Fails its first activation and succeeds afterwards.</summary>
public sealed class FailingActivationGrain : Grain, IFailingActivationGrain
{
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, int> Attempts = new();

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var attempt = Attempts.AddOrUpdate(GrainId.Key, 1, (_, n) => n + 1);
        return attempt == 1 ? throw new InvalidOperationException("first activation fails") : Task.CompletedTask;
    }

    public Task<int> Attempt() => Task.FromResult(Attempts[GrainId.Key]);
}
