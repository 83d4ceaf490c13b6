namespace Gatehouse.Runtime.Placement;

/// <summary>Decides which silo owns (activates) a grain.</summary>
public interface IPlacementDirector
{
    SiloAddress LocalSilo { get; }

    SiloAddress GetOwner(GrainId grainId);
}
