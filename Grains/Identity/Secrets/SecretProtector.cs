using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace Gatehouse.Grains.Identity.Secrets;

/// <summary>
/// Encrypts secrets that must be read back later (TOTP seeds), so they never rest in clear in grain
/// state. AES-256-GCM under a master key from <see cref="SecretProtectionOptions"/>. Secrets that
/// only need checking (passwords, tokens, recovery codes) are hashed instead and never come here.
/// </summary>
/// <remarks>
/// Output, base64: <c>version (1) | key id (4) | nonce (12) | tag (16) | ciphertext</c>. The key id is
/// the first 4 bytes of SHA-256(key), so a value names the key that can open it and rotation needs
/// no bookkeeping. The GCM associated data is the 5-byte header followed by the caller's
/// <c>associatedData</c> (e.g. the user id): a value copied to another user's row, or with its
/// header edited, fails authentication. Nonces are random 96-bit values; NIST SP 800-38D allows
/// 2^32 such encryptions per key, far beyond how many TOTP seeds a deployment protects.
/// </remarks>
public sealed class SecretProtector
{
    public const int KeySize = 32;

    private const byte Version = 1;
    private const int KeyIdSize = 4;
    private const int HeaderSize = 1 + KeyIdSize;
    private const int NonceSize = 12;
    private const int TagSize = 16;
    private const int Overhead = HeaderSize + NonceSize + TagSize;

    private readonly SecretProtectionOptions _options;

    // PublicationOnly: a failed load (say, the data directory is not writable yet) is retried on the
    // next call instead of being cached for the life of the process. Two threads racing to create
    // the key file still agree, because only an exclusive create (O_EXCL) can make the file.
    private readonly Lazy<(byte[] Id, byte[] Key)[]> _keys;

    public SecretProtector(IOptions<SecretProtectionOptions> options)
    {
        _options = options.Value;
        _keys = new Lazy<(byte[] Id, byte[] Key)[]>(LoadKeys, LazyThreadSafetyMode.PublicationOnly);
    }

    /// <summary>Hex of the current key's id; says which key new values are protected with. Not secret.</summary>
    public string CurrentKeyId => Convert.ToHexStringLower(_keys.Value[0].Id);

    /// <summary>A new random master key, base64, for <see cref="SecretProtectionOptions.MasterKey"/>.</summary>
    public static string GenerateKey() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(KeySize));

    /// <param name="associatedData">What the value belongs to (e.g. the user id); the same string must be
    /// given to <see cref="Unprotect"/>. Authenticated, not encrypted, and not stored in the output.</param>
    public string Protect(ReadOnlySpan<byte> plaintext, string associatedData)
    {
        ArgumentNullException.ThrowIfNull(associatedData);
        var (id, key) = _keys.Value[0];
        var output = new byte[Overhead + plaintext.Length];
        output[0] = Version;
        id.CopyTo(output.AsSpan(1, KeyIdSize));
        var nonce = output.AsSpan(HeaderSize, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(key, TagSize);
        aes.Encrypt(nonce, plaintext, output.AsSpan(Overhead), output.AsSpan(HeaderSize + NonceSize, TagSize),
            AssociatedData(output.AsSpan(0, HeaderSize), associatedData));
        return Convert.ToBase64String(output);
    }

    /// <exception cref="SecretProtectionException">Not a protected value, altered, bound to other
    /// associated data, or protected with a key that is neither current nor in PreviousKeys.</exception>
    public byte[] Unprotect(string protectedValue, string associatedData)
    {
        ArgumentNullException.ThrowIfNull(protectedValue);
        ArgumentNullException.ThrowIfNull(associatedData);
        var input = Parse(protectedValue);
        var header = input.AsSpan(0, HeaderSize);
        var keyId = input.AsSpan(1, KeyIdSize);
        var aad = AssociatedData(header, associatedData);
        var plaintext = new byte[input.Length - Overhead];
        var candidates = 0;
        foreach (var (id, key) in _keys.Value)
        {
            if (!keyId.SequenceEqual(id))
            {
                continue;
            }
            candidates++;
            try
            {
                using var aes = new AesGcm(key, TagSize);
                aes.Decrypt(input.AsSpan(HeaderSize, NonceSize), input.AsSpan(Overhead), input.AsSpan(HeaderSize + NonceSize, TagSize), plaintext, aad);
                return plaintext;
            }
            catch (AuthenticationTagMismatchException)
            {
                // Try the next key with the same id (a 2^-32 coincidence), then give up below.
            }
        }
        if (candidates == 0)
        {
            throw new SecretProtectionException(
                $"The value was protected with key {Convert.ToHexStringLower(keyId)}, which is neither the current master key ({CurrentKeyId}) nor one of {SecretProtectionOptions.SectionName}:PreviousKeys.");
        }
        throw new SecretProtectionException(
            "The protected value failed authentication: it was altered, or it belongs to different associated data (e.g. it was copied from another record).");
    }

    /// <summary>
    /// True when <paramref name="protectedValue"/> was protected with the current key; false means it
    /// should be re-protected (unprotect, protect) during a key rotation.
    /// </summary>
    public bool IsProtectedWithCurrentKey(string protectedValue)
    {
        ArgumentNullException.ThrowIfNull(protectedValue);
        return Parse(protectedValue).AsSpan(1, KeyIdSize).SequenceEqual(_keys.Value[0].Id);
    }

    private static byte[] Parse(string protectedValue)
    {
        byte[] input;
        try
        {
            input = Convert.FromBase64String(protectedValue);
        }
        catch (FormatException ex)
        {
            throw new SecretProtectionException("The protected value is not base64; it was truncated or is not a protected secret.", ex);
        }
        if (input.Length < Overhead)
        {
            throw new SecretProtectionException($"The protected value is {input.Length} bytes, shorter than the {Overhead}-byte header; it was truncated or is not a protected secret.");
        }
        if (input[0] != Version)
        {
            throw new SecretProtectionException($"The protected value has format version {input[0]}; this build reads version {Version}.");
        }
        return input;
    }

    private static byte[] AssociatedData(ReadOnlySpan<byte> header, string associatedData)
    {
        // Header first and fixed-length, so (header, data) pairs cannot collide.
        var aad = new byte[HeaderSize + Encoding.UTF8.GetByteCount(associatedData)];
        header.CopyTo(aad);
        Encoding.UTF8.GetBytes(associatedData, aad.AsSpan(HeaderSize));
        return aad;
    }

    /// <summary>The current key first, then the previous ones.</summary>
    private (byte[] Id, byte[] Key)[] LoadKeys()
    {
        var current = string.IsNullOrWhiteSpace(_options.MasterKey)
            ? SecretKeyFile.LoadOrCreate(_options.KeyFile, KeySize)
            : DecodeKey(_options.MasterKey, $"{SecretProtectionOptions.SectionName}:MasterKey");
        var keys = new List<(byte[] Id, byte[] Key)> { (KeyId(current), current) };
        for (var i = 0; i < _options.PreviousKeys.Count; i++)
        {
            var key = DecodeKey(_options.PreviousKeys[i], $"{SecretProtectionOptions.SectionName}:PreviousKeys:{i}");
            if (!keys.Any(k => k.Key.AsSpan().SequenceEqual(key)))
            {
                keys.Add((KeyId(key), key));
            }
        }
        return [.. keys];
    }

    internal static byte[] DecodeKey(string text, string source)
    {
        var key = new byte[KeySize + 1];
        // The key itself is never put in the message.
        if (!Convert.TryFromBase64String(text.Trim(), key, out var length) || length != KeySize)
        {
            throw new InvalidOperationException($"{source} must be base64 of exactly {KeySize} random bytes (e.g. the output of `openssl rand -base64 32`).");
        }
        return key[..KeySize];
    }

    private static byte[] KeyId(byte[] key) => SHA256.HashData(key)[..KeyIdSize];
}
