namespace Gatehouse.Runtime;

/// <summary>Marker for every grain interface. Methods must return Task, Task&lt;T&gt;, ValueTask or ValueTask&lt;T&gt;.</summary>
public interface IGrain : IAddressable;
