using Gatehouse.Grains;
using Gatehouse.Grains.Messages;

namespace Gatehouse.Devices.Tests.Messages.Store;

/// <summary>Text no store can keep (NUL for PostgreSQL, lone surrogates for UTF-8) is refused before anything is queued, so it cannot fail other devices' batch.</summary>
public sealed class StorableTextTests
{
    private static readonly DateTimeOffset Now = new(2026, 5, 4, 0, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("""{"note":"a\u0000b"}""", "note")]
    [InlineData("""{"note":"\ud800"}""", "surrogate")]
    [InlineData("""{"a\u0000":1}""", "field name")]
    public void Values_and_names_that_cannot_be_stored_are_refused_with_a_clear_error(string payload, string mentions)
    {
        var error = Assert.Throws<InvalidRequestException>(() => MessagePayloadRules.Extract(new NewMessage(payload), [], Now));
        Assert.Contains(mentions, error.Message);
    }

    [Fact]
    public void Paired_surrogates_and_ordinary_text_are_kept()
    {
        var samples = MessagePayloadRules.Extract(new NewMessage("""{"emoji":"\ud83d\ude00 ok"}"""), [], Now);
        Assert.Equal("\U0001F600 ok", Assert.Single(samples).Text);
    }
}
