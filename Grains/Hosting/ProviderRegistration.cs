using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Gatehouse.Grains.Hosting;

/// <summary>
/// A silo has one provider of <typeparamref name="TService"/> (one audit log, one message store),
/// but a provider brings services that other providers also register: schema tasks, health
/// checks, hosted services. Replacing a provider must remove exactly what the previous call
/// added, so each call leaves a record of its descriptors behind for the next one to find.
/// </summary>
internal static class ProviderRegistration<TService>
    where TService : class
{
    /// <summary>Removes what an earlier <see cref="Replace"/> for <typeparamref name="TService"/> added, then adds <paramref name="descriptors"/>.</summary>
    public static void Replace(IServiceCollection services, IReadOnlyList<ServiceDescriptor> descriptors)
    {
        if (services.FirstOrDefault(static d => d.ServiceType == typeof(Record)) is { } previous)
        {
            foreach (var descriptor in ((Record)previous.ImplementationInstance!).Descriptors)
            {
                services.Remove(descriptor);
            }
            services.Remove(previous);
        }
        services.RemoveAll<TService>();
        foreach (var descriptor in descriptors)
        {
            services.Add(descriptor);
        }
        services.AddSingleton(new Record(descriptors));
    }

    private sealed record Record(IReadOnlyList<ServiceDescriptor> Descriptors);
}
