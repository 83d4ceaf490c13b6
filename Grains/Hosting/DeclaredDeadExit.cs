using Gatehouse.Runtime.Membership;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

// Next to the other host-building helpers the executables call.
namespace Gatehouse.Runtime.Hosting;

/// <summary>
/// A silo that the cluster has declared dead has already stopped serving (the runtime dropped its
/// grains and its transport); its process must end too, so that its supervisor (systemd's
/// <c>Restart=on-failure</c>) starts a fresh incarnation, with a new generation, that joins again.
/// Both executables call this: the Silo, and a gateway whose embedded silo is a cluster member.
/// </summary>
public static partial class DeclaredDeadExit
{
    /// <summary>The exit code then: EX_TEMPFAIL (sysexits.h), "try again", and not 0, so supervisors restart the process.</summary>
    public const int ExitCode = 75;

    /// <summary>
    /// Stops the host once membership declares this silo dead. Returns a function that, after the
    /// host has stopped, says whether that was why.
    /// </summary>
    public static Func<bool> StopHostWhenDeclaredDead(IServiceProvider services)
    {
        ArgumentNullException.ThrowIfNull(services);
        var dead = services.GetRequiredService<IMembershipService>().LocalSiloDead;
        if (!dead.CanBeCanceled)
        {
            // A cluster of one is never declared dead.
            return static () => false;
        }
        var lifetime = services.GetRequiredService<IHostApplicationLifetime>();
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger("Gatehouse.Hosting");
        dead.Register(() =>
        {
            LogDeclaredDead(logger, ExitCode);
            lifetime.StopApplication();
        });
        return () => dead.IsCancellationRequested;
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Critical, Message = "This silo was declared dead by the cluster and has stopped serving; the process exits with code {ExitCode} so that its supervisor starts a new incarnation.")]
    private static partial void LogDeclaredDead(ILogger logger, int exitCode);
}
