namespace Gatehouse.Runtime.Hosting;

/// <summary>Well-known <see cref="ISiloStartupTask.Order"/> values.</summary>
public static class SiloStartupOrder
{
    public const int Storage = 1000;
    public const int Membership = 2000;
    public const int Reminders = 3000;
    public const int Ready = 10000;
}
