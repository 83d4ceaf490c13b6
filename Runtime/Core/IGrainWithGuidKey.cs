namespace Gatehouse.Runtime;

/// <summary>A grain addressed by a Guid key (carried as its "N" string form).</summary>
public interface IGrainWithGuidKey : IGrain;
