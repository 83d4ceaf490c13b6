using System.Text.Json;
using Gatehouse.Grains.Identity.TwoFactor;

namespace Gatehouse.Identity.Tests.TwoFactor;

public sealed class OneTimeCodeTests
{
    private static readonly DateTimeOffset IssuedAt = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Issue_MakesSixDigits_ExpiringInFiveMinutes_WithFiveAttempts()
    {
        var issued = OneTimeCode.Issue(IssuedAt);

        Assert.Matches("^[0-9]{6}$", issued.Code);
        Assert.Equal(IssuedAt, issued.Challenge.IssuedAt);
        Assert.Equal(IssuedAt.AddMinutes(5), issued.Challenge.ExpiresAt);
        Assert.Equal(5, issued.Challenge.MaxAttempts);
        Assert.Equal(0, issued.Challenge.FailedAttempts);
        Assert.False(issued.Challenge.Used);
    }

    [Fact]
    public void Challenge_HoldsAKeyedHash_NotTheCode()
    {
        var a = OneTimeCode.Issue(IssuedAt);
        var b = OneTimeCode.Issue(IssuedAt);

        Assert.Equal(32, Convert.FromBase64String(a.Challenge.Key).Length);
        Assert.Equal(32, Convert.FromBase64String(a.Challenge.Hash).Length);
        Assert.NotEqual(a.Challenge.Key, b.Challenge.Key);
        Assert.DoesNotContain(a.Code, a.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void RightCode_BeforeExpiry_IsAcceptedOnce()
    {
        var issued = OneTimeCode.Issue(IssuedAt);

        var first = OneTimeCode.Verify(issued.Challenge, issued.Code, IssuedAt.AddMinutes(1));
        Assert.True(first.Succeeded);
        Assert.True(first.Challenge.Used);

        var second = OneTimeCode.Verify(first.Challenge, issued.Code, IssuedAt.AddMinutes(1));
        Assert.Equal(OneTimeCodeResult.AlreadyUsed, second.Result);
        Assert.False(second.Succeeded);
    }

    [Fact]
    public void Expiry_IsExclusive()
    {
        var issued = OneTimeCode.Issue(IssuedAt);

        Assert.True(OneTimeCode.Verify(issued.Challenge, issued.Code, issued.Challenge.ExpiresAt.AddTicks(-1)).Succeeded);
        var atExpiry = OneTimeCode.Verify(issued.Challenge, issued.Code, issued.Challenge.ExpiresAt);
        Assert.Equal(OneTimeCodeResult.Expired, atExpiry.Result);
        Assert.Same(issued.Challenge, atExpiry.Challenge);
    }

    [Fact]
    public void AfterTheLastAttempt_EvenTheRightCodeNeverVerifies()
    {
        var issued = OneTimeCode.Issue(IssuedAt);
        var wrong = issued.Code == "000000" ? "111111" : "000000";
        var challenge = issued.Challenge;

        for (var attempt = 1; attempt <= 4; attempt++)
        {
            var result = OneTimeCode.Verify(challenge, wrong, IssuedAt.AddSeconds(attempt));
            Assert.Equal(OneTimeCodeResult.WrongCode, result.Result);
            Assert.Equal(attempt, result.Challenge.FailedAttempts);
            challenge = result.Challenge;
        }
        var fifth = OneTimeCode.Verify(challenge, wrong, IssuedAt.AddSeconds(5));
        Assert.Equal(OneTimeCodeResult.AttemptsExhausted, fifth.Result);
        Assert.Equal(5, fifth.Challenge.FailedAttempts);

        var right = OneTimeCode.Verify(fifth.Challenge, issued.Code, IssuedAt.AddSeconds(6));
        Assert.Equal(OneTimeCodeResult.AttemptsExhausted, right.Result);
        Assert.Equal(5, right.Challenge.FailedAttempts);
    }

    [Fact]
    public void FourWrongThenRight_IsAccepted()
    {
        var issued = OneTimeCode.Issue(IssuedAt);
        var wrong = issued.Code == "000000" ? "111111" : "000000";
        var challenge = issued.Challenge;
        for (var attempt = 0; attempt < 4; attempt++)
        {
            challenge = OneTimeCode.Verify(challenge, wrong, IssuedAt).Challenge;
        }

        Assert.True(OneTimeCode.Verify(challenge, issued.Code, IssuedAt).Succeeded);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("12345")]
    [InlineData("1234567")]
    [InlineData("12a456")]
    [InlineData("١٢٣٤٥٦")]
    public void MalformedCodes_CountAsAttempts_WithoutAnException(string? code)
    {
        var issued = OneTimeCode.Issue(IssuedAt);

        var result = OneTimeCode.Verify(issued.Challenge, code, IssuedAt);

        Assert.Equal(OneTimeCodeResult.WrongCode, result.Result);
        Assert.Equal(1, result.Challenge.FailedAttempts);
    }

    [Fact]
    public void SpacesInsideTheCode_AreIgnored()
    {
        var issued = OneTimeCode.Issue(IssuedAt);

        Assert.True(OneTimeCode.Verify(issued.Challenge, $"{issued.Code[..3]} {issued.Code[3..]}", IssuedAt).Succeeded);
    }

    [Fact]
    public void LifetimeAndAttempts_AreConfigurable()
    {
        var issued = OneTimeCode.Issue(IssuedAt, TimeSpan.FromSeconds(30), maxAttempts: 1);

        Assert.Equal(IssuedAt.AddSeconds(30), issued.Challenge.ExpiresAt);
        var wrong = OneTimeCode.Verify(issued.Challenge, issued.Code == "000000" ? "111111" : "000000", IssuedAt);
        Assert.Equal(OneTimeCodeResult.AttemptsExhausted, wrong.Result);
        Assert.Throws<ArgumentOutOfRangeException>(() => OneTimeCode.Issue(IssuedAt, TimeSpan.Zero));
        Assert.Throws<ArgumentOutOfRangeException>(() => OneTimeCode.Issue(IssuedAt, maxAttempts: 0));
    }

    [Fact]
    public void Challenge_RoundTripsThroughSystemTextJson_AndStillVerifies()
    {
        var issued = OneTimeCode.Issue(IssuedAt);
        var afterOneMiss = OneTimeCode.Verify(issued.Challenge, issued.Code == "000000" ? "111111" : "000000", IssuedAt).Challenge;

        foreach (var options in new[] { JsonSerializerOptions.Default, JsonSerializerOptions.Web })
        {
            var json = JsonSerializer.Serialize(afterOneMiss, options);
            var back = JsonSerializer.Deserialize<OneTimeCodeChallenge>(json, options)!;

            Assert.Equal(afterOneMiss, back);
            Assert.True(OneTimeCode.Verify(back, issued.Code, IssuedAt.AddMinutes(4)).Succeeded);
        }
    }

    [Fact]
    public void CorruptChallenge_NeverVerifies()
    {
        var issued = OneTimeCode.Issue(IssuedAt);

        Assert.False(OneTimeCode.Verify(issued.Challenge with { Key = "%%%" }, issued.Code, IssuedAt).Succeeded);
        Assert.False(OneTimeCode.Verify(issued.Challenge with { Hash = Convert.ToBase64String(new byte[32]) }, issued.Code, IssuedAt).Succeeded);
    }

    [Fact]
    public void Codes_AreSpreadOverAllSixDigits()
    {
        // Not a randomness test: it catches a code generator stuck on a few values or short of digits.
        var codes = Enumerable.Range(0, 300).Select(_ => OneTimeCode.Issue(IssuedAt).Code).ToList();

        Assert.True(codes.Distinct().Count() > 290);
        Assert.All(Enumerable.Range(0, 6), position => Assert.True(codes.Select(c => c[position]).Distinct().Count() >= 8));
    }
}
