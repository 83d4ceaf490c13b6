namespace Gatehouse.Runtime.Persistence;

/// <summary>Names of storage providers that the runtime itself refers to.</summary>
public static class GrainStorageNames
{
    /// <summary>The provider a <see cref="PersistentStateAttribute"/> without a storage name uses.</summary>
    public const string Default = "Default";
}
