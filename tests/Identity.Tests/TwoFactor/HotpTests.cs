using System.Text;
using Gatehouse.Grains.Identity.TwoFactor;

namespace Gatehouse.Identity.Tests.TwoFactor;

public sealed class HotpTests
{
    private static readonly byte[] Rfc4226Secret = Encoding.ASCII.GetBytes("12345678901234567890");

    // RFC 4226 Appendix D.
    [Theory]
    [InlineData(0, "755224")]
    [InlineData(1, "287082")]
    [InlineData(2, "359152")]
    [InlineData(3, "969429")]
    [InlineData(4, "338314")]
    [InlineData(5, "254676")]
    [InlineData(6, "287922")]
    [InlineData(7, "162583")]
    [InlineData(8, "399871")]
    [InlineData(9, "520489")]
    public void Rfc4226AppendixD(long counter, string expected)
    {
        Assert.Equal(expected, Hotp.ComputeCode(Rfc4226Secret, counter));
    }

    [Theory]
    [InlineData(5)]
    [InlineData(9)]
    public void Digits_OutsideSixToEight_AreRefused(int digits)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Hotp.ComputeCode(Rfc4226Secret, 0, digits));
    }

    [Fact]
    public void EmptySecret_IsRefused()
    {
        Assert.Throws<ArgumentException>(() => Hotp.ComputeCode([], 0));
    }
}
