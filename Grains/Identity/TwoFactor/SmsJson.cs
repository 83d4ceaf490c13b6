using System.Text.Encodings.Web;
using System.Text.Json;

namespace Gatehouse.Grains.Identity.TwoFactor;

/// <summary>JSON settings shared by the outbox file and the webhook body.</summary>
internal static class SmsJson
{
    /// <summary>
    /// camelCase, one line. The relaxed encoder writes <c>+46…</c> rather than <c>\u002B46…</c>:
    /// neither output is ever embedded in HTML, and operators read the outbox by eye.
    /// </summary>
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };
}
