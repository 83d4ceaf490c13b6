using System.Runtime.Versioning;
using System.Security.Cryptography;
using System.Text;
using Gatehouse.Grains.Identity.Secrets;
using Microsoft.Extensions.Options;

namespace Gatehouse.Identity.Tests.Secrets;

public sealed class SecretProtectorTests : IDisposable
{
    private static readonly byte[] Seed = Encoding.ASCII.GetBytes("12345678901234567890");

    private readonly string _root = Path.Combine(Path.GetTempPath(), "gatehouse-tests", Guid.NewGuid().ToString("N"));
    private readonly string _keyA = SecretProtector.GenerateKey();
    private readonly string _keyB = SecretProtector.GenerateKey();

    public void Dispose()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    [Fact]
    public void RoundTrip_ReturnsThePlaintext_AndTheOutputDoesNotContainIt()
    {
        var protector = WithKeys(_keyA);

        var protectedValue = protector.Protect(Seed, "user:alice");

        Assert.Equal(Seed, protector.Unprotect(protectedValue, "user:alice"));
        Assert.DoesNotContain(Convert.ToBase64String(Seed), protectedValue, StringComparison.Ordinal);
        Assert.Equal([], protector.Unprotect(protector.Protect([], "user:alice"), "user:alice"));
    }

    [Fact]
    public void Output_IsVersionKeyIdNonceTagCiphertext()
    {
        var protector = WithKeys(_keyA);

        var bytes = Convert.FromBase64String(protector.Protect(Seed, "user:alice"));

        Assert.Equal(1 + 4 + 12 + 16 + Seed.Length, bytes.Length);
        Assert.Equal(1, bytes[0]);
        var keyId = SHA256.HashData(Convert.FromBase64String(_keyA))[..4];
        Assert.Equal(keyId, bytes[1..5]);
        Assert.Equal(Convert.ToHexStringLower(keyId), protector.CurrentKeyId);
    }

    [Fact]
    public void SamePlaintext_ProtectsDifferentlyEachTime()
    {
        var protector = WithKeys(_keyA);

        Assert.NotEqual(protector.Protect(Seed, "user:alice"), protector.Protect(Seed, "user:alice"));
    }

    [Fact]
    public void AnyFlippedByte_IsDetected()
    {
        var protector = WithKeys(_keyA);
        var original = Convert.FromBase64String(protector.Protect(Seed, "user:alice"));

        for (var i = 0; i < original.Length; i++)
        {
            var tampered = (byte[])original.Clone();
            tampered[i] ^= 0x01;
            Assert.Throws<SecretProtectionException>(() => protector.Unprotect(Convert.ToBase64String(tampered), "user:alice"));
        }
    }

    [Fact]
    public void TamperedCiphertext_SaysAuthenticationFailed()
    {
        var protector = WithKeys(_keyA);
        var bytes = Convert.FromBase64String(protector.Protect(Seed, "user:alice"));
        bytes[^1] ^= 0x80;

        var ex = Assert.Throws<SecretProtectionException>(() => protector.Unprotect(Convert.ToBase64String(bytes), "user:alice"));
        Assert.Contains("failed authentication", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void WrongAssociatedData_IsRefused()
    {
        var protector = WithKeys(_keyA);
        var protectedValue = protector.Protect(Seed, "user:alice");

        var ex = Assert.Throws<SecretProtectionException>(() => protector.Unprotect(protectedValue, "user:mallory"));
        Assert.Contains("different associated data", ex.Message, StringComparison.Ordinal);
        Assert.Throws<SecretProtectionException>(() => protector.Unprotect(protectedValue, ""));
        Assert.Throws<SecretProtectionException>(() => protector.Unprotect(protectedValue, "user:alice "));
    }

    [Theory]
    [InlineData("not base64 at all!")]
    [InlineData("")]
    [InlineData("AQIDBA==")]
    public void Malformed_IsRefusedClearly(string value)
    {
        var protector = WithKeys(_keyA);

        var ex = Assert.Throws<SecretProtectionException>(() => protector.Unprotect(value, "user:alice"));
        Assert.Contains("not a protected secret", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void UnknownVersion_IsRefusedClearly()
    {
        var protector = WithKeys(_keyA);
        var bytes = Convert.FromBase64String(protector.Protect(Seed, "user:alice"));
        bytes[0] = 2;

        var ex = Assert.Throws<SecretProtectionException>(() => protector.Unprotect(Convert.ToBase64String(bytes), "user:alice"));
        Assert.Contains("version 2", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Rotation_OldValuesDecrypt_NewValuesUseTheNewKey()
    {
        var before = WithKeys(_keyA).Protect(Seed, "user:alice");
        var rotated = WithKeys(_keyB, _keyA);

        Assert.Equal(Seed, rotated.Unprotect(before, "user:alice"));
        Assert.False(rotated.IsProtectedWithCurrentKey(before));

        var after = rotated.Protect(Seed, "user:alice");
        Assert.True(rotated.IsProtectedWithCurrentKey(after));
        Assert.Equal(Convert.FromBase64String(after)[1..5], SHA256.HashData(Convert.FromBase64String(_keyB))[..4]);
        Assert.Throws<SecretProtectionException>(() => WithKeys(_keyA).Unprotect(after, "user:alice"));
    }

    [Fact]
    public void DroppedKey_IsReportedAsUnknown_ByItsId()
    {
        var protectedValue = WithKeys(_keyA).Protect(Seed, "user:alice");
        var withoutA = WithKeys(_keyB);

        var ex = Assert.Throws<SecretProtectionException>(() => withoutA.Unprotect(protectedValue, "user:alice"));
        var idA = Convert.ToHexStringLower(SHA256.HashData(Convert.FromBase64String(_keyA))[..4]);
        Assert.Contains(idA, ex.Message, StringComparison.Ordinal);
        Assert.Contains("PreviousKeys", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("not base64")]
    [InlineData("AAAA")]
    [InlineData("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    public void BadConfiguredKey_FailsClearly_WithoutEchoingIt(string key)
    {
        var protector = new SecretProtector(Options.Create(new SecretProtectionOptions { MasterKey = key }));

        var ex = Assert.Throws<InvalidOperationException>(() => protector.Protect(Seed, "x"));
        Assert.Contains("Gatehouse:Secrets:MasterKey", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(key, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void BadPreviousKey_FailsClearly_NamingWhichOne()
    {
        var protector = WithKeys(_keyA, _keyB, "short");

        var ex = Assert.Throws<InvalidOperationException>(() => protector.Protect(Seed, "x"));
        Assert.Contains("Gatehouse:Secrets:PreviousKeys:1", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    [UnsupportedOSPlatform("windows")]
    public void WithoutMasterKey_AKeyFileIsCreatedOwnerOnly_AndReusedAfterwards()
    {
        var directory = Path.Combine(_root, "data");
        var keyFile = Path.Combine(directory, "master.key");
        var first = WithKeyFile(keyFile);

        var protectedValue = first.Protect(Seed, "user:alice");

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(keyFile));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(directory));
        var content = File.ReadAllText(keyFile);
        Assert.Equal(32, Convert.FromBase64String(content.Trim()).Length);
        Assert.Equal([keyFile], Directory.GetFiles(directory));

        var second = WithKeyFile(keyFile);
        Assert.Equal(Seed, second.Unprotect(protectedValue, "user:alice"));
        Assert.Equal(first.CurrentKeyId, second.CurrentKeyId);
        Assert.Equal(content, File.ReadAllText(keyFile));
    }

    [Fact]
    public void KeyFile_CreatedByConcurrentStarters_IsOneKey()
    {
        // Several rounds, because a lost race is a matter of timing: a check-then-create bug showed
        // up in about one round in thirty.
        for (var round = 0; round < 20; round++)
        {
            var keyFile = Path.Combine(_root, $"race-{round}", "master.key");
            var ids = new string[8];
            using var start = new Barrier(ids.Length);
            // Dedicated threads released together by a barrier: a real race for the file,
            // independent of how many thread-pool threads the test run happens to have free.
            var threads = Enumerable.Range(0, ids.Length).Select(i => new Thread(() =>
            {
                var protector = WithKeyFile(keyFile);
                start.SignalAndWait();
                ids[i] = protector.CurrentKeyId;
            })).ToList();
            threads.ForEach(t => t.Start());
            threads.ForEach(t => t.Join());

            Assert.Single(ids.Distinct());
            Assert.Equal([keyFile], Directory.GetFiles(Path.GetDirectoryName(keyFile)!));
        }
    }

    [Fact]
    public void ConfiguredMasterKey_WinsOverTheKeyFile_WhichIsNotCreated()
    {
        var keyFile = Path.Combine(_root, "unused", "master.key");
        var protector = new SecretProtector(Options.Create(new SecretProtectionOptions { MasterKey = _keyA, KeyFile = keyFile }));

        protector.Protect(Seed, "x");

        Assert.False(File.Exists(keyFile));
    }

    [Theory]
    [InlineData("not a key\n", "must be base64 of exactly 32")]
    [InlineData("AAAA\n", "must be base64 of exactly 32")]
    [InlineData("", "is empty")]
    public void CorruptKeyFile_FailsClearly(string content, string reason)
    {
        Directory.CreateDirectory(_root);
        var keyFile = Path.Combine(_root, "master.key");
        File.WriteAllText(keyFile, content);
        // Left by an earlier run: an empty file this old is not one another process is still writing.
        File.SetLastWriteTimeUtc(keyFile, DateTime.UtcNow - TimeSpan.FromMinutes(5));

        var ex = Assert.Throws<InvalidOperationException>(() => WithKeyFile(keyFile).Protect(Seed, "x"));
        Assert.Contains(keyFile, ex.Message, StringComparison.Ordinal);
        Assert.Contains(reason, ex.Message, StringComparison.Ordinal);
        Assert.Equal(content, File.ReadAllText(keyFile));
    }

    [Fact]
    public void DefaultOptions_AreTheDocumentedOnes()
    {
        var options = new SecretProtectionOptions();

        Assert.Null(options.MasterKey);
        Assert.Equal("./data/master.key", options.KeyFile);
        Assert.Empty(options.PreviousKeys);
        Assert.Equal("Gatehouse:Secrets", SecretProtectionOptions.SectionName);
    }

    private static SecretProtector WithKeys(string current, params string[] previous) =>
        new(Options.Create(new SecretProtectionOptions { MasterKey = current, PreviousKeys = [.. previous] }));

    private static SecretProtector WithKeyFile(string path) =>
        new(Options.Create(new SecretProtectionOptions { KeyFile = path }));
}
