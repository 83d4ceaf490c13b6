using System.Text;

namespace Gatehouse.Runtime.Transport;

/// <summary>Turns <see cref="TransportOptions.ClusterSecret"/> or its file into the handshake's HMAC key, refusing weak or ambiguous settings at start-up.</summary>
internal static class ClusterSecret
{
    /// <summary>Shorter secrets are refused: the secret is the only thing between the network and every grain.</summary>
    public const int MinimumLength = 32;

    /// <summary>The HMAC key, or null when no secret is configured (the handshake then authenticates nothing).</summary>
    public static byte[]? ResolveKey(TransportOptions options)
    {
        if (options.ClusterSecret is not null && options.ClusterSecretFile is not null)
        {
            throw new InvalidOperationException(
                $"Both {TransportOptions.SectionName}:ClusterSecret and :ClusterSecretFile are set; set one.");
        }
        string? secret = options.ClusterSecret;
        if (options.ClusterSecretFile is { } path)
        {
            try
            {
                secret = File.ReadAllText(path).Trim();
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
                throw new InvalidOperationException($"{TransportOptions.SectionName}:ClusterSecretFile '{path}' could not be read: {exception.Message}", exception);
            }
        }
        if (secret is null)
        {
            return null;
        }
        if (secret.Length < MinimumLength)
        {
            // The length only, never the value: start-up errors end up in logs.
            throw new InvalidOperationException(
                $"The cluster secret has {secret.Length} characters; at least {MinimumLength} are required (generate one with: openssl rand -base64 48).");
        }
        return Encoding.UTF8.GetBytes(secret);
    }
}
