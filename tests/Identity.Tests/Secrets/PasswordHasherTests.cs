using Gatehouse.Grains.Identity.Secrets;
using Microsoft.Extensions.Options;

namespace Gatehouse.Identity.Tests.Secrets;

public sealed class PasswordHasherTests
{
    [Fact]
    public void Hash_VerifiesTheRightPassword_AndNotAWrongOne()
    {
        var stored = PasswordHasher.Hash("correct horse battery", 1_000);

        Assert.True(PasswordHasher.Verify("correct horse battery", stored));
        Assert.False(PasswordHasher.Verify("correct horse batterY", stored));
        Assert.DoesNotContain("correct horse battery", stored, StringComparison.Ordinal);
    }

    [Fact]
    public void Hash_IsSaltedPerCall()
    {
        Assert.NotEqual(PasswordHasher.Hash("same password", 1_000), PasswordHasher.Hash("same password", 1_000));
    }

    [Fact]
    public void DefaultCost_IsOwaspsPbkdf2Sha256Figure_AndRecordedInTheHash()
    {
        var hasher = new PasswordHasher(Options.Create(new PasswordHashingOptions()));

        Assert.Equal(600_000, hasher.Iterations);
        Assert.StartsWith("pbkdf2-sha256$600000$", hasher.Hash("a long enough password"), StringComparison.Ordinal);
    }

    [Fact]
    public void NeedsRehash_WhenTheConfiguredCostRoseAboveTheStoredOne()
    {
        var hasher = new PasswordHasher(Options.Create(new PasswordHashingOptions { Iterations = 2_000 }));

        Assert.True(hasher.NeedsRehash(PasswordHasher.Hash("pw", 1_000)));
        Assert.False(hasher.NeedsRehash(PasswordHasher.Hash("pw", 2_000)));
    }

    [Theory]
    [InlineData("")]
    [InlineData("md5$abc")]
    [InlineData("pbkdf2-sha256$x$AAAA$AAAA")]
    [InlineData("pbkdf2-sha256$1000$not-base64$AAAA")]
    public void MalformedStoredHash_NeverVerifies(string stored)
    {
        Assert.False(PasswordHasher.Verify("anything", stored));
    }

    [Fact]
    public void SecretDigest_MatchesOnlyTheSameSecret_AndItsLookupKeyIsNotTheSecret()
    {
        var token = SecretGenerator.NewToken();
        var digest = SecretDigest.Compute(token);

        Assert.True(SecretDigest.Matches(token, digest));
        Assert.False(SecretDigest.Matches(token + "x", digest));
        Assert.Equal(32, SecretDigest.LookupKey(token).Length);
        Assert.DoesNotContain(SecretDigest.LookupKey(token), token, StringComparison.Ordinal);
        Assert.Equal(64, token.Length);
    }
}
