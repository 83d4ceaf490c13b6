using System.Text;
using Gatehouse.Grains.Identity.TwoFactor;

namespace Gatehouse.Identity.Tests.TwoFactor;

public sealed class TotpTests
{
    private static readonly byte[] Secret = Encoding.ASCII.GetBytes("12345678901234567890");

    // A time in the middle of step 60,000,000 (30 s steps), far from either edge.
    private static readonly DateTimeOffset Now = DateTimeOffset.FromUnixTimeSeconds(60_000_000L * 30 + 15);
    private const long NowStep = 60_000_000;

    public static TheoryData<long, string, OtpAlgorithm> Rfc6238Vectors()
    {
        // RFC 6238 Appendix B: T0 = 0, X = 30, 8 digits, each algorithm with its own seed.
        var data = new TheoryData<long, string, OtpAlgorithm>();
        void Row(long time, string sha1, string sha256, string sha512)
        {
            data.Add(time, sha1, OtpAlgorithm.Sha1);
            data.Add(time, sha256, OtpAlgorithm.Sha256);
            data.Add(time, sha512, OtpAlgorithm.Sha512);
        }
        Row(59, "94287082", "46119246", "90693936");
        Row(1111111109, "07081804", "68084774", "25091201");
        Row(1111111111, "14050471", "67062674", "99943326");
        Row(1234567890, "89005924", "91819424", "93441116");
        Row(2000000000, "69279037", "90698825", "38618901");
        Row(20000000000, "65353130", "77737706", "47863826");
        return data;
    }

    [Theory]
    [MemberData(nameof(Rfc6238Vectors))]
    public void Rfc6238AppendixB(long unixSeconds, string expected, OtpAlgorithm algorithm)
    {
        var seed = algorithm switch
        {
            OtpAlgorithm.Sha1 => "12345678901234567890",
            OtpAlgorithm.Sha256 => "12345678901234567890123456789012",
            _ => "1234567890123456789012345678901234567890123456789012345678901234",
        };
        var totp = new Totp(algorithm, digits: 8);
        var time = DateTimeOffset.FromUnixTimeSeconds(unixSeconds);

        Assert.Equal(expected, totp.ComputeCode(Encoding.ASCII.GetBytes(seed), time));
        Assert.True(totp.TryVerify(Encoding.ASCII.GetBytes(seed), expected, time, Totp.NoAcceptedStep, out var step));
        Assert.Equal(unixSeconds / 30, step);
    }

    [Fact]
    public void Default_IsSha1SixDigitsThirtySecondsOneStepOfDrift()
    {
        Assert.Equal(OtpAlgorithm.Sha1, Totp.Default.Algorithm);
        Assert.Equal(6, Totp.Default.Digits);
        Assert.Equal(30, Totp.Default.PeriodSeconds);
        Assert.Equal(1, Totp.Default.AllowedDriftSteps);
        // The 8-digit RFC value's last six digits: truncation mod 10^6 instead of 10^8.
        Assert.Equal("287082", Totp.Default.ComputeCode(Secret, DateTimeOffset.FromUnixTimeSeconds(59)));
    }

    [Fact]
    public void Steps_ChangeExactlyAtPeriodBoundaries()
    {
        Assert.Equal(0, Totp.Default.GetStep(DateTimeOffset.FromUnixTimeSeconds(29)));
        Assert.Equal(1, Totp.Default.GetStep(DateTimeOffset.FromUnixTimeSeconds(30)));
        Assert.Equal(1, Totp.Default.GetStep(DateTimeOffset.FromUnixTimeMilliseconds(59_999)));
        Assert.Equal(-1, Totp.Default.GetStep(DateTimeOffset.FromUnixTimeSeconds(-1)));
    }

    [Theory]
    [InlineData(-1, true)]
    [InlineData(0, true)]
    [InlineData(1, true)]
    [InlineData(-2, false)]
    [InlineData(2, false)]
    public void DefaultWindow_IsOneStepEitherWay(int offset, bool accepted)
    {
        var code = Totp.Default.ComputeCode(Secret, NowStep + offset);

        Assert.Equal(accepted, Totp.Default.TryVerify(Secret, code, Now, Totp.NoAcceptedStep, out var step));
        Assert.Equal(accepted ? NowStep + offset : Totp.NoAcceptedStep, step);
    }

    [Fact]
    public void WindowEdges_FollowTheClockNotTheCodeAge()
    {
        var code = Totp.Default.ComputeCode(Secret, NowStep);
        var stepStart = DateTimeOffset.FromUnixTimeSeconds(NowStep * 30);

        // Last second of the next step: the code is one step old, still accepted; a second later, two.
        Assert.True(Totp.Default.TryVerify(Secret, code, stepStart.AddSeconds(59), Totp.NoAcceptedStep, out _));
        Assert.False(Totp.Default.TryVerify(Secret, code, stepStart.AddSeconds(60), Totp.NoAcceptedStep, out _));
        // Before the code's step: the user's clock runs fast. One step ahead is tolerated, two are not.
        Assert.False(Totp.Default.TryVerify(Secret, code, stepStart.AddSeconds(-31), Totp.NoAcceptedStep, out _));
        Assert.True(Totp.Default.TryVerify(Secret, code, stepStart.AddSeconds(-30), Totp.NoAcceptedStep, out _));
    }

    [Theory]
    [InlineData(0, 0, true)]
    [InlineData(0, 1, false)]
    [InlineData(2, 2, true)]
    [InlineData(2, -2, true)]
    [InlineData(2, 3, false)]
    public void Window_IsConfigurable(int drift, int offset, bool accepted)
    {
        var totp = new Totp(allowedDriftSteps: drift);

        Assert.Equal(accepted, totp.TryVerify(Secret, totp.ComputeCode(Secret, NowStep + offset), Now, Totp.NoAcceptedStep, out _));
    }

    [Fact]
    public void AcceptedCode_IsRefusedTheSecondTime()
    {
        var code = Totp.Default.ComputeCode(Secret, Now);

        Assert.True(Totp.Default.TryVerify(Secret, code, Now, Totp.NoAcceptedStep, out var step));
        Assert.False(Totp.Default.TryVerify(Secret, code, Now, step, out var replayStep));
        Assert.Equal(Totp.NoAcceptedStep, replayStep);
        // Nor later in the window, when the step is still acceptable by the clock.
        Assert.False(Totp.Default.TryVerify(Secret, code, Now.AddSeconds(30), step, out _));
    }

    [Fact]
    public void OlderCode_IsRefusedOnceANewerStepWasAccepted()
    {
        var newer = Totp.Default.ComputeCode(Secret, NowStep + 1);
        var older = Totp.Default.ComputeCode(Secret, NowStep);

        Assert.True(Totp.Default.TryVerify(Secret, newer, Now, Totp.NoAcceptedStep, out var step));
        Assert.Equal(NowStep + 1, step);
        Assert.False(Totp.Default.TryVerify(Secret, older, Now, step, out _));
    }

    [Fact]
    public void NextStepsCode_IsAcceptedAfterAnEarlierOne()
    {
        Assert.True(Totp.Default.TryVerify(Secret, Totp.Default.ComputeCode(Secret, NowStep), Now, Totp.NoAcceptedStep, out var first));
        Assert.True(Totp.Default.TryVerify(Secret, Totp.Default.ComputeCode(Secret, NowStep + 1), Now.AddSeconds(30), first, out var second));
        Assert.Equal(first + 1, second);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("12345")]
    [InlineData("1234567")]
    [InlineData("12a456")]
    [InlineData("+12345")]
    [InlineData("-12345")]
    [InlineData("12345\n")]
    [InlineData("١٢٣٤٥٦")]
    [InlineData("１２３４５６")]
    [InlineData("12345678901234567890")]
    public void MalformedCodes_AreRefusedWithoutAnException(string? code)
    {
        Assert.False(Totp.Default.TryVerify(Secret, code, Now, Totp.NoAcceptedStep, out var step));
        Assert.Equal(Totp.NoAcceptedStep, step);
    }

    [Fact]
    public void ArabicIndicDigitsOfTheRightCode_AreStillRefused()
    {
        var code = Totp.Default.ComputeCode(Secret, Now);
        var arabic = new string(code.Select(c => (char)('\u0660' + (c - '0'))).ToArray());

        Assert.False(Totp.Default.TryVerify(Secret, arabic, Now, Totp.NoAcceptedStep, out _));
    }

    [Fact]
    public void SpacesInsideTheCode_AreIgnored()
    {
        var code = Totp.Default.ComputeCode(Secret, Now);

        Assert.True(Totp.Default.TryVerify(Secret, $" {code[..3]} {code[3..]} ", Now, Totp.NoAcceptedStep, out _));
    }

    [Fact]
    public void WrongSecret_DoesNotVerify()
    {
        var code = Totp.Default.ComputeCode(Secret, Now);
        var other = Encoding.ASCII.GetBytes("09876543210987654321");

        Assert.False(Totp.Default.TryVerify(other, code, Now, Totp.NoAcceptedStep, out _));
    }

    [Fact]
    public void TimesBeforeTheEpoch_NeverVerify()
    {
        var before = DateTimeOffset.FromUnixTimeSeconds(-3600);
        var code = Totp.Default.ComputeCode(Secret, Totp.Default.GetStep(before));

        Assert.False(Totp.Default.TryVerify(Secret, code, before, Totp.NoAcceptedStep, out _));
    }

    [Fact]
    public void InvalidSettings_AreRefused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new Totp(digits: 5));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Totp(digits: 9));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Totp(periodSeconds: 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Totp(allowedDriftSteps: -1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Totp((OtpAlgorithm)42));
    }
}
