namespace Gatehouse.Runtime.Tests.TestGrains;

public interface ITimerGrain : IGrainWithStringKey
{
    Task Start(TimeSpan due, TimeSpan period);

    Task Stop();

    Task<int> Ticks();

    Task<int> MaxConcurrency();

    Task<int> SlowCall(int delayMs);
}

public sealed class TimerGrain : Grain, ITimerGrain
{
    private IDisposable? _timer;
    private int _ticks;
    private int _inFlight;
    private int _maxConcurrency;

    public Task Start(TimeSpan due, TimeSpan period)
    {
        _timer = RegisterGrainTimer(async _ =>
        {
            Enter();
            _ticks++;
            await Task.Yield();
            _inFlight--;
        }, due, period);
        return Task.CompletedTask;
    }

    public Task Stop()
    {
        _timer?.Dispose();
        return Task.CompletedTask;
    }

    public Task<int> Ticks() => Task.FromResult(_ticks);

    public Task<int> MaxConcurrency() => Task.FromResult(_maxConcurrency);

    public async Task<int> SlowCall(int delayMs)
    {
        Enter();
        await Task.Delay(delayMs);
        _inFlight--;
        return _ticks;
    }

    private void Enter()
    {
        _inFlight++;
        _maxConcurrency = Math.Max(_maxConcurrency, _inFlight);
    }
}
