using System.Text;
using Gatehouse.Grains.Identity.TwoFactor;

namespace Gatehouse.Identity.Tests.TwoFactor;

public sealed class Base32Tests
{
    // RFC 4648 section 10 test vectors, padded as printed in the RFC.
    [Theory]
    [InlineData("", "")]
    [InlineData("f", "MY======")]
    [InlineData("fo", "MZXQ====")]
    [InlineData("foo", "MZXW6===")]
    [InlineData("foob", "MZXW6YQ=")]
    [InlineData("fooba", "MZXW6YTB")]
    [InlineData("foobar", "MZXW6YTBOI======")]
    public void Rfc4648Vectors_EncodeWithoutPadding_AndDecodeWithOrWithout(string plain, string padded)
    {
        var bytes = Encoding.ASCII.GetBytes(plain);
        var unpadded = padded.TrimEnd('=');

        Assert.Equal(unpadded, Base32.Encode(bytes));
        Assert.Equal(bytes, Base32.Decode(padded));
        Assert.Equal(bytes, Base32.Decode(unpadded));
    }

    [Fact]
    public void Decode_ToleratesLowercaseSpacesAndDashes()
    {
        Assert.Equal("foobar"u8.ToArray(), Base32.Decode("mzxw 6ytb-oi"));
        Assert.Equal("foobar"u8.ToArray(), Base32.Decode(" MZXW6YTBOI====== "));
    }

    [Fact]
    public void RoundTrips_EveryLength()
    {
        var random = new Random(4648);
        for (var length = 0; length <= 70; length++)
        {
            var data = new byte[length];
            random.NextBytes(data);
            Assert.Equal(data, Base32.Decode(Base32.Encode(data)));
        }
    }

    [Theory]
    [InlineData("MZXW0YTB", '0')]
    [InlineData("MZXW1YTB", '1')]
    [InlineData("MZXW8YTB", '8')]
    [InlineData("MZXW!YTB", '!')]
    [InlineData("MZXWéYTB", 'é')]
    public void Decode_RejectsCharactersOutsideTheAlphabet_NamingThem(string text, char bad)
    {
        var ex = Assert.Throws<FormatException>(() => Base32.Decode(text));

        Assert.Contains($"'{bad}'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("position 4", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Decode_RejectsPaddingInTheMiddle()
    {
        Assert.Throws<FormatException>(() => Base32.Decode("MY==MZXQ"));
    }

    [Theory]
    [InlineData("M")]
    [InlineData("MZX")]
    [InlineData("MZXW6Y")]
    public void Decode_RejectsLengthsNoEncoderProduces(string text)
    {
        Assert.Throws<FormatException>(() => Base32.Decode(text));
    }
}
