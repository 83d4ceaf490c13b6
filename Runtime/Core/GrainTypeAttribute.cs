namespace Gatehouse.Runtime;

/// <summary>
/// Gives a grain class its stable type name, which is part of every <see cref="GrainId"/> and is
/// stored with its state and reminders. Without it the name is the class name, lower-cased,
/// without a trailing "Grain" (<c>DeviceGrain</c> → <c>device</c>). Renaming a class without this
/// attribute orphans its stored state, so long-lived grains should carry it.
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class GrainTypeAttribute(string name) : Attribute
{
    public string Name { get; } = name;
}
