using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Gatehouse.Grains.Identity.TwoFactor;

public static class SmsServiceCollectionExtensions
{
    /// <summary>
    /// Registers the <see cref="ISmsSender"/> named by <c>Gatehouse:Sms:Sender</c> and binds
    /// <see cref="SmsOptions"/> from <c>Gatehouse:Sms</c>. With <c>Outbox</c> (the default) the
    /// <see cref="OutboxSmsSender"/> is also resolvable as itself, for reading recent messages.
    /// </summary>
    /// <exception cref="InvalidOperationException">An unknown sender, or <c>Webhook</c> without a
    /// valid URL. Thrown here, at start-up, rather than when the first code fails to go out.</exception>
    public static IServiceCollection AddGatehouseSms(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        var section = configuration.GetSection(SmsOptions.SectionName);
        services.AddOptions<SmsOptions>().Bind(section);
        services.AddLogging();
        services.TryAddSingleton(TimeProvider.System);

        var configured = section.Get<SmsOptions>() ?? new SmsOptions();
        var sender = string.IsNullOrWhiteSpace(configured.Sender) ? SmsOptions.OutboxSender : configured.Sender.Trim();
        if (string.Equals(sender, SmsOptions.OutboxSender, StringComparison.OrdinalIgnoreCase))
        {
            services.TryAddSingleton<OutboxSmsSender>();
            services.AddSingleton<ISmsSender>(sp => sp.GetRequiredService<OutboxSmsSender>());
        }
        else if (string.Equals(sender, SmsOptions.WebhookSender, StringComparison.OrdinalIgnoreCase))
        {
            WebhookSmsSender.ParseUrl(configured.WebhookUrl);
            services.AddHttpClient<ISmsSender, WebhookSmsSender>((sp, client) =>
                client.Timeout = sp.GetRequiredService<IOptions<SmsOptions>>().Value.WebhookTimeout);
        }
        else
        {
            throw new InvalidOperationException(
                $"Unknown SMS sender '{sender}' in {SmsOptions.SectionName}:Sender; use '{SmsOptions.OutboxSender}' or '{SmsOptions.WebhookSender}'.");
        }
        return services;
    }
}
