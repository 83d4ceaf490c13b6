using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Gatehouse.Grains.Identity.TwoFactor;

/// <summary>
/// Hands messages to a real SMS gateway: <c>POST {WebhookUrl}</c> with the JSON body
/// <c>{"to": "+46…", "text": "…"}</c>. Any 2xx answer is success; anything else, a network error
/// or a timeout is an <see cref="SmsDeliveryException"/>, so the login flow can tell the user the
/// code was not sent instead of waiting for one that never comes.
/// </summary>
public sealed class WebhookSmsSender : ISmsSender
{
    private readonly HttpClient _httpClient;
    private readonly ILogger<WebhookSmsSender> _logger;
    private readonly Uri _url;
    private readonly string? _authorization;

    public WebhookSmsSender(HttpClient httpClient, IOptions<SmsOptions> options, ILogger<WebhookSmsSender> logger)
    {
        _httpClient = httpClient;
        _logger = logger;
        _url = ParseUrl(options.Value.WebhookUrl);
        _authorization = options.Value.WebhookAuthorization;
    }

    public async Task SendAsync(SmsMessage message, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(message);
        using var request = new HttpRequestMessage(HttpMethod.Post, _url)
        {
            Content = JsonContent.Create(new WebhookBody(message.To, message.Text), options: SmsJson.Options),
        };
        if (!string.IsNullOrEmpty(_authorization))
        {
            request.Headers.TryAddWithoutValidation("Authorization", _authorization);
        }

        HttpResponseMessage response;
        try
        {
            response = await _httpClient.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct).ConfigureAwait(false);
        }
        catch (HttpRequestException ex)
        {
            throw new SmsDeliveryException($"The SMS webhook {Describe(_url)} could not be reached: {ex.Message}", ex);
        }
        catch (TaskCanceledException ex) when (!ct.IsCancellationRequested)
        {
            throw new SmsDeliveryException($"The SMS webhook {Describe(_url)} did not answer within {_httpClient.Timeout}.", ex);
        }

        using (response)
        {
            if (!response.IsSuccessStatusCode)
            {
                var status = (int)response.StatusCode;
                SmsLog.WebhookRefused(_logger, PhoneNumberMask.Mask(message.To), status);
                // The response body is left out on purpose: gateways echo the request, and the
                // request holds the code.
                throw new SmsDeliveryException($"The SMS webhook {Describe(_url)} answered HTTP {status} {response.ReasonPhrase}; the message was not sent.");
            }
        }
        SmsLog.SentToWebhook(_logger, PhoneNumberMask.Mask(message.To));
    }

    internal static Uri ParseUrl(string? url)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            throw new InvalidOperationException(
                $"Gatehouse:Sms:WebhookUrl must be an absolute http or https URL when Gatehouse:Sms:Sender is Webhook (it is '{url}').");
        }
        return uri;
    }

    /// <summary>The URL without query or user info, which may carry the gateway's credentials.</summary>
    private static string Describe(Uri url) => url.GetLeftPart(UriPartial.Path);

    private sealed record WebhookBody(string To, string Text);
}
