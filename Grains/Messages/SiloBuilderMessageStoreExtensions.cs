using Gatehouse.Grains.Messages;
using Gatehouse.Grains.Messages.Memory;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

// Next to SiloBuilder's other extensions, as for the audit log.
namespace Gatehouse.Runtime.Hosting;

/// <summary>Chooses the silo's <see cref="IMessageStore"/>; a silo has one, and each call replaces the previous choice.</summary>
public static class SiloBuilderMessageStoreExtensions
{
    /// <summary>Binds <see cref="MessageOptions"/> from <c>Gatehouse:Messages</c>.</summary>
    public static SiloBuilder AddMessageOptions(this SiloBuilder builder, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configuration);
        builder.Services.AddOptions<MessageOptions>().Bind(configuration.GetSection(MessageOptions.SectionName));
        return builder;
    }

    /// <summary>Keeps messages in memory: for tests; nothing survives the process.</summary>
    public static SiloBuilder AddMemoryMessageStore(this SiloBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.RemoveAll<IMessageStore>();
        builder.Services.AddSingleton<IMessageStore, MemoryMessageStore>();
        return builder;
    }
}
