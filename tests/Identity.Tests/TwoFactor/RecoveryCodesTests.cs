using System.Text.RegularExpressions;
using Gatehouse.Grains.Identity.TwoFactor;

namespace Gatehouse.Identity.Tests.TwoFactor;

public sealed partial class RecoveryCodesTests
{
    [Fact]
    public void Generate_MakesTenDistinctGroupedCodes_FromTheUnambiguousAlphabet()
    {
        var set = RecoveryCodes.Generate();

        Assert.Equal(10, set.PlainCodes.Count);
        Assert.Equal(10, set.StoredCodes.Count);
        Assert.Equal(10, set.PlainCodes.Distinct().Count());
        Assert.All(set.PlainCodes, code => Assert.Matches(Shape(), code));
    }

    [Fact]
    public void Codes_CarryEightyBits_SixteenSymbolsOfThirtyTwo()
    {
        // 16 symbols x log2(32) = 80 bits. Across many codes every symbol of the alphabet shows up
        // and nothing else does, so the alphabet really has 32 symbols.
        var symbols = Enumerable.Range(0, 20).SelectMany(_ => RecoveryCodes.Generate(50).PlainCodes)
            .SelectMany(code => code.Replace("-", string.Empty, StringComparison.Ordinal)).ToHashSet();

        Assert.Equal(32, symbols.Count);
        Assert.DoesNotContain('0', symbols);
        Assert.DoesNotContain('O', symbols);
        Assert.DoesNotContain('1', symbols);
        Assert.DoesNotContain('I', symbols);
    }

    [Fact]
    public void StoredForm_IsOneSha256DigestPerCode_NotThePlainCode()
    {
        var set = RecoveryCodes.Generate(3);

        Assert.All(set.StoredCodes, stored => Assert.Equal(32, Convert.FromBase64String(stored).Length));
        Assert.Empty(set.StoredCodes.Intersect(set.PlainCodes));
    }

    [Fact]
    public void EachCode_WorksOnce_AndOnlyItIsRemoved()
    {
        var set = RecoveryCodes.Generate(3);
        IReadOnlyList<string> stored = set.StoredCodes;

        Assert.True(RecoveryCodes.TryConsume(set.PlainCodes[1], stored, out var afterFirst));
        Assert.Equal([set.StoredCodes[0], set.StoredCodes[2]], afterFirst);
        Assert.False(RecoveryCodes.TryConsume(set.PlainCodes[1], afterFirst, out var unchanged));
        Assert.Same(afterFirst, unchanged);

        Assert.True(RecoveryCodes.TryConsume(set.PlainCodes[0], afterFirst, out var afterSecond));
        Assert.True(RecoveryCodes.TryConsume(set.PlainCodes[2], afterSecond, out var afterThird));
        Assert.Empty(afterThird);
    }

    [Fact]
    public void Input_IsNormalized_CaseDashesAndSpaces()
    {
        var set = RecoveryCodes.Generate(1);
        var plain = set.PlainCodes[0];
        var typed = " " + plain.ToLowerInvariant().Replace("-", " ", StringComparison.Ordinal) + "\t";

        Assert.True(RecoveryCodes.TryConsume(typed, set.StoredCodes, out _));
        Assert.True(RecoveryCodes.TryConsume(plain.Replace("-", string.Empty, StringComparison.Ordinal), set.StoredCodes, out _));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("----")]
    [InlineData("ABCD-EFGH-JKLM")]
    [InlineData("ABCD-EFGH-JKLM-NPQR-STUV")]
    [InlineData("ÅBCD-EFGH-JKLM-NPQR")]
    public void MalformedOrWrongInput_IsRefused_AndTheSetIsUnchanged(string? input)
    {
        var set = RecoveryCodes.Generate(2);

        Assert.False(RecoveryCodes.TryConsume(input, set.StoredCodes, out var remaining));
        Assert.Same(set.StoredCodes, remaining);
    }

    [Fact]
    public void ACodeFromAnotherSet_IsRefused()
    {
        var mine = RecoveryCodes.Generate(5);
        var theirs = RecoveryCodes.Generate(5);

        Assert.All(theirs.PlainCodes, code => Assert.False(RecoveryCodes.TryConsume(code, mine.StoredCodes, out _)));
    }

    [Fact]
    public void CorruptStoredEntries_AreSkipped_NotFatal()
    {
        var set = RecoveryCodes.Generate(1);
        string[] stored = ["not base64!", Convert.ToBase64String(new byte[5]), set.StoredCodes[0]];

        Assert.True(RecoveryCodes.TryConsume(set.PlainCodes[0], stored, out var remaining));
        Assert.Equal(["not base64!", Convert.ToBase64String(new byte[5])], remaining);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(101)]
    public void Count_OutsideOneToHundred_IsRefused(int count)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => RecoveryCodes.Generate(count));
    }

    [GeneratedRegex("^[A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4}$")]
    private static partial Regex Shape();
}
