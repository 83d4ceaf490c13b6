using System.Net;
using System.Text.Json;

namespace Gatehouse.Identity.Tests.OAuth;

/// <summary>A token endpoint response: status, JSON body, and the headers RFC 6749 §5.1 and §5.2 care about.</summary>
public sealed record TokenAnswer(HttpStatusCode Status, string Body, JsonElement Json, string? CacheControl, string? Pragma, string? WwwAuthenticate)
{
    public string AccessToken => Property("access_token");

    public string RefreshToken => Property("refresh_token");

    public string Scope => Property("scope");

    public string Error => Property("error");

    public static async Task<TokenAnswer> ReadAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        var json = body.Length == 0 ? default : JsonDocument.Parse(body).RootElement.Clone();
        return new TokenAnswer(response.StatusCode, body, json,
            response.Headers.CacheControl?.ToString(), response.Headers.Pragma.ToString(), response.Headers.WwwAuthenticate.ToString());
    }

    /// <summary>Asserts a 200 with tokens; returns this for chaining.</summary>
    public TokenAnswer ExpectTokens()
    {
        Assert.True(Status == HttpStatusCode.OK && Json.ValueKind == JsonValueKind.Object && Json.TryGetProperty("access_token", out _),
            $"Expected tokens, got {(int)Status}: {Body}");
        return this;
    }

    /// <summary>Asserts an RFC 6749 §5.2 error with this status and code.</summary>
    public TokenAnswer ExpectError(HttpStatusCode status, string error)
    {
        Assert.True(Status == status && Json.ValueKind == JsonValueKind.Object && Json.TryGetProperty("error", out var code) && code.GetString() == error,
            $"Expected {(int)status} {error}, got {(int)Status}: {Body}");
        Assert.False(string.IsNullOrWhiteSpace(Property("error_description")), "An error needs a description.");
        Assert.Equal("no-store", CacheControl);
        return this;
    }

    private string Property(string name) =>
        Json.ValueKind == JsonValueKind.Object && Json.TryGetProperty(name, out var value) ? value.GetString()! : throw new Xunit.Sdk.XunitException($"No '{name}' in {Body}");
}
