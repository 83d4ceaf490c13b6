using Gatehouse.Gateway.Http.Authentication;

namespace Gatehouse.Identity.Tests.Credentials;

/// <summary><c>Authorization: Bearer</c> (RFC 6750 §2.1) and <c>Authorization: Basic</c> (RFC 7617) in detail.</summary>
public sealed class AuthorizationHeaderTests
{
    [Theory]
    [InlineData("bearer abc")]
    [InlineData("BEARER abc")]
    [InlineData("BeArEr abc")]
    public async Task BearerScheme_IsCaseInsensitive(string value)
    {
        var credential = await new TestRequest().Authorization(value).CredentialAsync();

        Assert.Equal(PresentedCredential.Bearer("abc", CredentialSource.AuthorizationHeader), credential);
    }

    [Theory]
    [InlineData("basic")]
    [InlineData("BASIC")]
    public async Task BasicScheme_IsCaseInsensitive(string scheme)
    {
        var encoded = TestRequest.BasicValue("alice", "pw")["Basic ".Length..];

        var credential = await new TestRequest().Authorization($"{scheme} {encoded}").CredentialAsync();

        Assert.Equal("alice", credential.Id);
    }

    [Theory]
    [InlineData("authorization")]
    [InlineData("AUTHORIZATION")]
    [InlineData("AuThOrIzAtIoN")]
    public async Task HeaderName_IsCaseInsensitive(string name)
    {
        var credential = await new TestRequest().Header(name, "Bearer abc").CredentialAsync();

        Assert.Equal("abc", credential.Token);
    }

    [Theory]
    [InlineData("  Bearer abc  ")]
    [InlineData("Bearer    abc")]
    [InlineData("Bearer\tabc")]
    [InlineData("\tBearer \t abc\t")]
    public async Task Whitespace_AroundTheValueAndBetweenSchemeAndToken_IsIgnored(string value)
    {
        var credential = await new TestRequest().Authorization(value).CredentialAsync();

        Assert.Equal("abc", credential.Token);
    }

    [Theory]
    [InlineData("eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2ln")]
    [InlineData("a-b_c~d+e/f==")]
    [InlineData("Zm9v")]
    public async Task BearerTokens_WithEveryB64TokenCharacter_AreAccepted(string token)
    {
        Assert.Equal(token, (await new TestRequest().Bearer(token).CredentialAsync()).Token);
    }

    [Theory]
    [InlineData("Bearer")]
    [InlineData("Bearer ")]
    [InlineData("bearer \t ")]
    public async Task EmptyBearerToken_IsEmptyToken(string value)
    {
        var error = await new TestRequest().Authorization(value).ErrorAsync(CredentialErrorReason.EmptyToken);

        Assert.Equal(CredentialSource.AuthorizationHeader, error.Source);
        Assert.Equal(400, error.StatusCode);
    }

    [Theory]
    [InlineData("Bearer abc def")]            // whitespace inside the token
    [InlineData("Bearer abc, Bearer def")]    // two values joined by a proxy
    [InlineData("Bearer ab=c")]               // '=' only at the end
    [InlineData("Bearer ===")]                // padding alone
    [InlineData("Bearer abc\"")]
    public async Task BearerTokenOutsideB64Token_IsMalformed(string value)
    {
        var error = await new TestRequest().Authorization(value).ErrorAsync(CredentialErrorReason.MalformedAuthorizationHeader);

        Assert.Equal(400, error.StatusCode);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public async Task EmptyAuthorizationHeader_IsMalformed(string value)
    {
        await new TestRequest().Authorization(value).ErrorAsync(CredentialErrorReason.MalformedAuthorizationHeader);
    }

    [Fact]
    public async Task BareTokenWithoutScheme_IsMalformed_AndNotEchoed()
    {
        var error = await new TestRequest().Authorization("5ffd69500c83b9d948f5d0852538b5b983453182").ErrorAsync(CredentialErrorReason.MalformedAuthorizationHeader);

        Assert.DoesNotContain("5ffd69500c83", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Digest username=\"Mufasa\", realm=\"http-auth@example.org\", uri=\"/dir/index.html\"")]
    [InlineData("Negotiate YIIJvwYGKwYBBQUCoIIJszCCCa+gJDAi")]
    [InlineData("Token abc")]
    public async Task OtherSchemes_AreUnsupported_With401(string value)
    {
        var error = await new TestRequest().Authorization(value).ErrorAsync(CredentialErrorReason.UnsupportedAuthorizationScheme);

        Assert.Equal(401, error.StatusCode);
        Assert.Contains("Bearer", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Mufasa", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TwoAuthorizationHeaders_AreRepeated_EvenWhenIdentical()
    {
        var error = await new TestRequest().Bearer("abc").Bearer("abc").ErrorAsync(CredentialErrorReason.RepeatedParameter);

        Assert.Equal(CredentialSource.AuthorizationHeader, error.Source);
        Assert.Contains("Authorization", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("alice", "pa:ss:word", "pa:ss:word")]
    [InlineData("alice", ":", ":")]
    [InlineData("alice", "::leading", "::leading")]
    [InlineData("alice", "", "")]
    public async Task Basic_SplitsAtTheFirstColon_SoPasswordsMayContainColons(string id, string secret, string expected)
    {
        var credential = await new TestRequest().Basic(id, secret).CredentialAsync();

        Assert.Equal(id, credential.Id);
        Assert.Equal(expected, credential.Secret);
    }

    [Fact]
    public async Task Basic_DecodesUtf8()
    {
        var credential = await new TestRequest().Basic("Jürgen Müller", "пароль🔑é").CredentialAsync();

        Assert.Equal("Jürgen Müller", credential.Id);
        Assert.Equal("пароль🔑é", credential.Secret);
    }

    [Fact]
    public async Task Basic_LongCredentials_BeyondTheStackBuffer_Decode()
    {
        var secret = new string('s', 5_000) + ":" + new string('ü', 300);

        var credential = await new TestRequest().Basic("key-1", secret).CredentialAsync();

        Assert.Equal(secret, credential.Secret);
    }

    [Fact]
    public async Task Basic_Latin1Bytes_AreNotUtf8_AndMalformed()
    {
        // "jürgen:pw" in ISO-8859-1: 0xFC alone is not UTF-8 (RFC 7617 §2.1 only defines UTF-8).
        var latin1 = Convert.ToBase64String([(byte)'j', 0xFC, (byte)'r', (byte)':', (byte)'p', (byte)'w']);

        var error = await new TestRequest().Authorization($"Basic {latin1}").ErrorAsync(CredentialErrorReason.MalformedBasicCredentials);

        Assert.Contains("UTF-8", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Basic !!!!")]        // not base64
    [InlineData("Basic YWxpY2U6cHc")]  // missing padding: length not a multiple of 4
    [InlineData("Basic YWxp Y2U6")]   // whitespace inside
    [InlineData("Basic Y=Fs")]        // padding in the middle
    [InlineData("Basic")]             // nothing after the scheme
    [InlineData("Basic    ")]
    public async Task Basic_NotBase64_IsMalformed(string value)
    {
        var error = await new TestRequest().Authorization(value).ErrorAsync(CredentialErrorReason.MalformedBasicCredentials);

        Assert.Equal(400, error.StatusCode);
    }

    [Fact]
    public async Task Basic_WithoutAColon_IsMalformed()
    {
        var error = await new TestRequest().Authorization("Basic " + Convert.ToBase64String("alicepw"u8)).ErrorAsync(CredentialErrorReason.MalformedBasicCredentials);

        Assert.Contains("colon", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Basic_WithAnEmptyId_IsMalformed()
    {
        var error = await new TestRequest().Basic("", "secret").ErrorAsync(CredentialErrorReason.MalformedBasicCredentials);

        Assert.Contains("empty id", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ali\nce", "pw")]
    [InlineData("alice", "p\u0000w")]
    [InlineData("alice", "pw\u007F")]
    public async Task Basic_WithControlCharacters_IsMalformed(string id, string secret)
    {
        // RFC 7617 §2: the user-id and password MUST NOT contain control characters.
        await new TestRequest().Basic(id, secret).ErrorAsync(CredentialErrorReason.MalformedBasicCredentials);
    }

    [Fact]
    public async Task Basic_ErrorMessages_DoNotContainTheSecret()
    {
        var error = await new TestRequest().Basic("", "hunter2-secret").ErrorAsync(CredentialErrorReason.MalformedBasicCredentials);

        Assert.DoesNotContain("hunter2", error.Message, StringComparison.Ordinal);
    }
}
