namespace Gatehouse.Runtime.Persistence;

/// <summary>
/// Put on a grain constructor parameter of type <see cref="IPersistentState{TState}"/> to have
/// the runtime supply it. <paramref name="stateName"/> distinguishes several states of one grain;
/// <paramref name="storageName"/> picks the registered provider.
/// </summary>
[AttributeUsage(AttributeTargets.Parameter)]
public sealed class PersistentStateAttribute(string stateName, string storageName = GrainStorageNames.Default) : Attribute
{
    public string StateName { get; } = stateName;

    public string StorageName { get; } = storageName;
}
