using System.Reflection;

namespace Gatehouse.Grains;

/// <summary>
/// Names this assembly for hosts that register its grains
/// (<c>silo.AddGrainsFromAssembly(GrainsAssembly.Assembly)</c>) without depending on any one grain class.
/// </summary>
public static class GrainsAssembly
{
    public static Assembly Assembly => typeof(GrainsAssembly).Assembly;
}
