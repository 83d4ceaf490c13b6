namespace Gatehouse.Runtime;

/// <summary>Anything a grain reference can point at: grains and observers.</summary>
public interface IAddressable;
