using Gatehouse.Grains.Identity.TwoFactor;

namespace Gatehouse.Identity.Tests.TwoFactor;

public sealed class SmsMessageTests
{
    [Theory]
    [InlineData("+46701234512")]
    [InlineData("+1234567")]
    [InlineData("+123456789012345")]
    public void E164Numbers_AreAccepted(string number)
    {
        Assert.Equal(number, new SmsMessage(number, "hi").To);
    }

    [Theory]
    [InlineData("46701234512")]
    [InlineData("+46 70 123 45 12")]
    [InlineData("+0701234512")]
    [InlineData("+123456")]
    [InlineData("+1234567890123456")]
    [InlineData("+46701234512\n")]
    [InlineData("")]
    public void OtherNumbers_AreRefused(string number)
    {
        Assert.Throws<ArgumentException>(() => new SmsMessage(number, "hi"));
    }

    [Fact]
    public void EmptyText_IsRefused()
    {
        Assert.Throws<ArgumentException>(() => new SmsMessage("+46701234512", ""));
    }

    [Fact]
    public void ToString_MasksTheNumber_AndLeavesTheTextOut()
    {
        var text = new SmsMessage("+46701234512", "Your Gatehouse code is 493817").ToString();

        Assert.Contains("+46*******12", text, StringComparison.Ordinal);
        Assert.DoesNotContain("493817", text, StringComparison.Ordinal);
        Assert.DoesNotContain("70123", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("+46701234512", "+46*******12")]
    [InlineData("+1234567", "+12***67")]
    [InlineData("+123456", "*******")]
    [InlineData("", "")]
    [InlineData(null, "")]
    public void PhoneNumberMask_ShowsCountryPrefixAndLastTwo(string? number, string expected)
    {
        Assert.Equal(expected, PhoneNumberMask.Mask(number));
    }
}
