using Gatehouse.Grains.SecureRegistration;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

// Next to SiloBuilder's other extensions, as for the message store.
namespace Gatehouse.Runtime.Hosting;

public static class SiloBuilderSecureRegistrationExtensions
{
    /// <summary>Binds <see cref="SecureRegistrationOptions"/> from <c>Gatehouse:SecureRegistration</c>.</summary>
    public static SiloBuilder AddSecureRegistrationOptions(this SiloBuilder builder, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOptions<SecureRegistrationOptions>().Bind(configuration.GetSection(SecureRegistrationOptions.SectionName));
        return builder;
    }
}
