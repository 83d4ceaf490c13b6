using Gatehouse.Grains.Identity.Secrets;
using Gatehouse.Runtime;
using Gatehouse.Runtime.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Gatehouse.Grains.Identity.Bootstrap;

/// <summary>
/// Makes sure a fresh installation has one system administrator to start from. Runs after the
/// storage schema exists; creating through the username grain makes two silos starting at once
/// agree on one administrator.
/// </summary>
public sealed partial class BootstrapAdministrator(
    IGrainFactory grains,
    IOptions<BootstrapOptions> options,
    ILogger<BootstrapAdministrator> logger) : ISiloStartupTask
{
    public int Order => SiloStartupOrder.Reminders + 100;

    public async Task ExecuteAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        if (!settings.Enabled)
        {
            return;
        }
        var name = grains.GetGrain<IUsernameGrain>(UsernameKey.For(settings.AdminUsername));
        if (await name.GetUserIdAsync() is not null)
        {
            return;
        }
        var password = settings.AdminPassword;
        if (string.IsNullOrEmpty(password))
        {
            password = SecretGenerator.NewToken()[..24];
            WritePasswordFile(settings.PasswordFile, password);
            LogGeneratedPassword(logger, settings.AdminUsername, Path.GetFullPath(settings.PasswordFile));
        }
        try
        {
            var created = await name.CreateAuthorizedAsync(new NewUser(settings.AdminUsername, password, DisplayName: "System administrator", SystemAdmin: true), "bootstrap");
            LogCreated(logger, settings.AdminUsername, created.Id);
        }
        catch (ResourceConflictException)
        {
            // Another silo created it first.
        }
        catch (InconsistentStateException)
        {
            // Another silo reserved the name first, in an activation of its own: silos starting
            // together may each see only themselves in the membership for a moment. The version
            // check let one reservation win; it is that silo's administrator.
            LogCreatedElsewhere(logger, settings.AdminUsername);
        }
    }

    private static void WritePasswordFile(string path, string password)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        Directory.CreateDirectory(directory);
        var fileOptions = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            fileOptions.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }
        using var stream = new FileStream(path, fileOptions);
        using var writer = new StreamWriter(stream);
        writer.WriteLine(password);
    }

    [LoggerMessage(EventId = 100, Level = LogLevel.Warning, Message = "Created system administrator '{Username}' with a generated password, written to {PasswordFile}. Log in and change it.")]
    private static partial void LogGeneratedPassword(ILogger logger, string username, string passwordFile);

    [LoggerMessage(EventId = 101, Level = LogLevel.Information, Message = "Created system administrator '{Username}' ({UserId}).")]
    private static partial void LogCreated(ILogger logger, string username, string userId);

    [LoggerMessage(EventId = 102, Level = LogLevel.Information, Message = "System administrator '{Username}' is being created by another silo.")]
    private static partial void LogCreatedElsewhere(ILogger logger, string username);
}
