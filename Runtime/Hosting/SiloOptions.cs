namespace Gatehouse.Runtime.Hosting;

/// <summary>
/// Settings of one silo. Bound from the <c>Gatehouse:Silo</c> configuration section by the hosts.
/// Every default here is also listed in the README's configuration table.
/// </summary>
public sealed class SiloOptions
{
    public const string SectionName = "Gatehouse:Silo";

    /// <summary>
    /// Names the deployment. Silos sharing a database but with different service ids never see
    /// each other's grain state or reminders. Default: <c>gatehouse</c>.
    /// </summary>
    public string ServiceId { get; set; } = "gatehouse";

    /// <summary>A name for this silo in logs and, later, in the membership table. Default: the machine name.</summary>
    public string SiloName { get; set; } = Environment.MachineName;

    /// <summary>
    /// How long a caller waits for a grain call before it fails with
    /// <see cref="GrainCallTimeoutException"/>. Default: 30 seconds (Orleans' ResponseTimeout).
    /// </summary>
    public TimeSpan CallTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// An activation that has received no call for this long is deactivated.
    /// Default: 15 minutes (Orleans' CollectionAge).
    /// </summary>
    public TimeSpan CollectionAge { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>How often idle activations are looked for. Default: 1 minute.</summary>
    public TimeSpan CollectionQuantum { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// How often calls waiting or running past <see cref="CallTimeout"/> are failed. A call times
    /// out between <c>CallTimeout</c> and <c>CallTimeout + TimeoutSweepInterval</c>. Default: 1 second.
    /// </summary>
    public TimeSpan TimeoutSweepInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// When true, every call's arguments and result go through the wire serializer even
    /// in-process, exactly as they would between silos. Tests turn it on to find types that
    /// would not survive clustering. Default: false (in-process calls deep-copy mutable arguments
    /// and pass immutable ones by reference).
    /// </summary>
    public bool SerializeAllCalls { get; set; }

    /// <summary>How long <c>OnDeactivateAsync</c> may run during shutdown or collection. Default: 10 seconds.</summary>
    public TimeSpan DeactivationTimeout { get; set; } = TimeSpan.FromSeconds(10);
}
