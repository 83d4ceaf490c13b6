using Gatehouse.Grains.Identity.Bootstrap;
using Gatehouse.Grains.Identity.Secrets;
using Gatehouse.Grains.Identity.TwoFactor;
using Gatehouse.Runtime.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Gatehouse.Grains.Identity;

public static class IdentityServiceCollectionExtensions
{
    /// <summary>
    /// What the identity grains need: options from <c>Gatehouse:Identity</c>, <c>Gatehouse:Passwords</c>
    /// and <c>Gatehouse:Bootstrap</c>, the password hasher, and the bootstrap administrator.
    /// </summary>
    public static IServiceCollection AddGatehouseIdentity(this IServiceCollection services, IConfiguration? configuration)
    {
        services.AddGatehouseIdentityOptions(configuration);
        services.AddGatehouseSms(configuration ?? new ConfigurationBuilder().Build());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<PasswordHasher>();
        services.TryAddSingleton<SecretProtector>();
        services.AddSingleton<ISiloStartupTask, BootstrapAdministrator>();
        return services;
    }

    /// <summary>
    /// The identity options alone (<c>Gatehouse:Identity</c>, <c>Passwords</c>, <c>Bootstrap</c>,
    /// <c>Secrets</c>, <c>RateLimits</c>): what a gateway reads itself when it hosts no grains.
    /// </summary>
    public static IServiceCollection AddGatehouseIdentityOptions(this IServiceCollection services, IConfiguration? configuration)
    {
        var identity = services.AddOptions<IdentityOptions>();
        var passwords = services.AddOptions<PasswordHashingOptions>();
        var bootstrap = services.AddOptions<BootstrapOptions>();
        var secrets = services.AddOptions<SecretProtectionOptions>();
        var rateLimits = services.AddOptions<RateLimits.RateLimitOptions>();
        if (configuration is not null)
        {
            identity.Bind(configuration.GetSection(IdentityOptions.SectionName));
            passwords.Bind(configuration.GetSection(PasswordHashingOptions.SectionName));
            bootstrap.Bind(configuration.GetSection(BootstrapOptions.SectionName));
            secrets.Bind(configuration.GetSection(SecretProtectionOptions.SectionName));
            rateLimits.Bind(configuration.GetSection(RateLimits.RateLimitOptions.SectionName));
        }
        passwords.Validate(o => o.Iterations >= 1, "Gatehouse:Passwords:Iterations must be at least 1.");
        return services;
    }
}
