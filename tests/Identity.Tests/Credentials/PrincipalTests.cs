using Gatehouse.Gateway.Http.Authentication;

namespace Gatehouse.Identity.Tests.Credentials;

/// <summary>RFCx principals, <c>[user_type]/[user_guid]</c> plus a token, in headers, query and form.</summary>
public sealed class PrincipalTests
{
    [Theory]
    [InlineData("x-auth-user")]
    [InlineData("X-Auth-User")]
    [InlineData("X-AUTH-USER")]
    public async Task HeaderNames_AreCaseInsensitive(string name)
    {
        var credential = await new TestRequest().Header(name, "guardian/g1").Header("X-AUTH-TOKEN", "tok").CredentialAsync();

        Assert.Equal(PrincipalType.Guardian, credential.PrincipalType);
    }

    [Fact]
    public async Task HeaderValues_LoseSurroundingWhitespace()
    {
        var credential = await new TestRequest().AuthHeaders("  guardian/g1\t", " tok ").CredentialAsync();

        Assert.Equal(PresentedCredential.Principal(PrincipalType.Guardian, "g1", "tok", CredentialSource.AuthHeaders), credential);
    }

    [Fact]
    public async Task QueryValues_AreTakenExactly_SoWhitespaceInTheGuidIsMalformed()
    {
        await new TestRequest().Query("?auth_user=guardian/g1%20&auth_token=tok").ErrorAsync(CredentialErrorReason.MalformedPrincipal);
    }

    [Theory]
    [InlineData("x-auth-user", "guardian/g1")]
    [InlineData("x-auth-token", "tok")]
    public async Task OneHeaderWithoutTheOther_IsIncomplete(string header, string value)
    {
        var error = await new TestRequest().Header(header, value).ErrorAsync(CredentialErrorReason.IncompletePrincipal);

        Assert.Equal(CredentialSource.AuthHeaders, error.Source);
        Assert.Contains("x-auth-user and x-auth-token", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("?auth_user=guardian/g1")]
    [InlineData("?auth_token=tok")]
    public async Task OneQueryParameterWithoutTheOther_IsIncomplete(string query)
    {
        var error = await new TestRequest().Query(query).ErrorAsync(CredentialErrorReason.IncompletePrincipal);

        Assert.Equal(CredentialSource.Query, error.Source);
        Assert.Contains("query parameters", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("auth_user=guardian%2Fg1")]
    [InlineData("auth_token=tok")]
    public async Task OneFormFieldWithoutTheOther_IsIncomplete(string body)
    {
        var error = await new TestRequest().Body(body).ErrorAsync(CredentialErrorReason.IncompletePrincipal);

        Assert.Equal(CredentialSource.Form, error.Source);
        Assert.Contains("form fields", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HalvesFromDifferentPlaces_AreNotCombined()
    {
        // A user in a header and a token in the query string are two incomplete principals.
        await new TestRequest().Header("x-auth-user", "guardian/g1").Query("?auth_token=tok").ErrorAsync(CredentialErrorReason.IncompletePrincipal);
    }

    [Theory]
    [InlineData("device/g1")]
    [InlineData("guardians/g1")]
    [InlineData("admin/g1")]
    public async Task OtherTypes_AreUnknown(string user)
    {
        var error = await new TestRequest().AuthHeaders(user, "tok").ErrorAsync(CredentialErrorReason.UnknownPrincipalType);

        Assert.Equal(400, error.StatusCode);
        Assert.Contains(user[..user.IndexOf('/')], error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnknownTypeThatLooksLikeASecret_IsNotEchoed()
    {
        var error = await new TestRequest().AuthHeaders("5ffd69500c83b9d948f5d0852538b5b9/g1", "tok").ErrorAsync(CredentialErrorReason.UnknownPrincipalType);

        Assert.DoesNotContain("5ffd6950", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("guardiandf72c626229f")]   // no slash
    [InlineData("guardian/")]              // empty guid
    [InlineData("/df72c626229f")]          // empty type
    [InlineData("guardian/df72/c626")]     // a second slash
    [InlineData("guardian/df72 c626")]     // whitespace inside the guid
    [InlineData("")]
    public async Task NotTypeSlashGuid_IsMalformed(string user)
    {
        var error = await new TestRequest().AuthHeaders(user, "tok").ErrorAsync(CredentialErrorReason.MalformedPrincipal);

        Assert.Contains("x-auth-user", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public async Task EmptyXAuthToken_IsEmptyToken(string token)
    {
        var error = await new TestRequest().AuthHeaders("guardian/g1", token).ErrorAsync(CredentialErrorReason.EmptyToken);

        Assert.Contains("x-auth-token", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EmptyAuthTokenQueryParameter_IsEmptyToken()
    {
        await new TestRequest().Query("?auth_user=user/u1&auth_token=").ErrorAsync(CredentialErrorReason.EmptyToken);
    }

    [Fact]
    public async Task TwoXAuthUserHeaders_AreRepeated()
    {
        var error = await new TestRequest().AuthHeaders("guardian/g1", "tok").Header("x-auth-user", "guardian/g1").ErrorAsync(CredentialErrorReason.RepeatedParameter);

        Assert.Contains("x-auth-user", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TwoAuthTokenFormFields_AreRepeated()
    {
        var error = await new TestRequest().Body("auth_user=user%2Fu1&auth_token=a&auth_token=b").ErrorAsync(CredentialErrorReason.RepeatedParameter);

        Assert.Equal(CredentialSource.Form, error.Source);
        Assert.Contains("auth_token form field", error.Message, StringComparison.Ordinal);
    }
}
