namespace Gatehouse.Runtime.Hosting;

/// <summary>Where a silo is in its life. <c>/readyz</c> answers 200 only in <see cref="Active"/>.</summary>
public enum SiloStatus
{
    Created,
    Starting,
    Active,
    ShuttingDown,
    Stopped,
    Dead,
}
