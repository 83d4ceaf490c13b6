namespace Gatehouse.Runtime;

/// <summary>A grain addressed by a 64-bit integer key (carried as its invariant decimal string).</summary>
public interface IGrainWithIntegerKey : IGrain;
