using System.Security.Cryptography;

namespace Gatehouse.Grains.Identity.Secrets;

/// <summary>
/// A protected value could not be decrypted: it is malformed, was altered, belongs to different
/// associated data, or was protected with a key this process does not have. Never carries the value.
/// </summary>
public sealed class SecretProtectionException : CryptographicException
{
    public SecretProtectionException(string message)
        : base(message)
    {
    }

    public SecretProtectionException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
