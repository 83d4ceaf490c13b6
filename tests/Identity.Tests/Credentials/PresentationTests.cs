using Gatehouse.Gateway.Http.Authentication;

namespace Gatehouse.Identity.Tests.Credentials;

/// <summary>Each way a client can present a credential, alone.</summary>
public sealed class PresentationTests
{
    [Fact]
    public async Task NothingPresented_IsNone()
    {
        var credential = await new TestRequest().Body("{\"a\":1}", "application/json").CredentialAsync();

        Assert.True(credential.IsNone);
        Assert.Equal(PresentedCredentialKind.None, credential.Kind);
        Assert.Equal(CredentialSource.None, credential.Source);
    }

    [Fact]
    public async Task AuthorizationBearer()
    {
        var credential = await new TestRequest().Bearer("mF_9.B5f-4.1JqM").CredentialAsync();

        Assert.Equal(PresentedCredentialKind.Bearer, credential.Kind);
        Assert.Equal("mF_9.B5f-4.1JqM", credential.Token);
        Assert.Equal(CredentialSource.AuthorizationHeader, credential.Source);
    }

    [Fact]
    public async Task AuthorizationBasic_UsernameAndPassword()
    {
        var credential = await new TestRequest().Basic("alice", "correct horse").CredentialAsync();

        Assert.Equal(PresentedCredentialKind.Basic, credential.Kind);
        Assert.Equal("alice", credential.Id);
        Assert.Equal("correct horse", credential.Secret);
        Assert.Equal(CredentialSource.AuthorizationHeader, credential.Source);
    }

    [Fact]
    public async Task AuthorizationBasic_WoTKitKeyIdAndKeyPassword()
    {
        // curl --user {key_id}:{key_password}: the same header as a username and password.
        var credential = await new TestRequest().Authorization("Basic " + Convert.ToBase64String("k-1f3a9:Zx8Qw2"u8)).CredentialAsync();

        Assert.Equal(PresentedCredential.Basic("k-1f3a9", "Zx8Qw2", CredentialSource.AuthorizationHeader), credential);
    }

    [Fact]
    public async Task RfcxAuthHeaders()
    {
        var credential = await new TestRequest()
            .AuthHeaders("guardian/df72c626229f", "5ffd69500c83b9d948f5d0852538b5b983453182")
            .CredentialAsync();

        Assert.Equal(PresentedCredentialKind.Principal, credential.Kind);
        Assert.Equal(PrincipalType.Guardian, credential.PrincipalType);
        Assert.Equal("df72c626229f", credential.PrincipalGuid);
        Assert.Equal("5ffd69500c83b9d948f5d0852538b5b983453182", credential.Token);
        Assert.Equal(CredentialSource.AuthHeaders, credential.Source);
    }

    [Fact]
    public async Task AccessTokenQueryParameter()
    {
        var credential = await new TestRequest().Query("?access_token=OPERATOR_API_KEY&limit=5").CredentialAsync();

        Assert.Equal(PresentedCredential.Bearer("OPERATOR_API_KEY", CredentialSource.Query), credential);
    }

    [Fact]
    public async Task RfcxQueryParameters()
    {
        var credential = await new TestRequest()
            .Query("?auth_user=guardian/df72c626229f&auth_token=5ffd69500c83b9d948f5d0852538b5b983453182")
            .CredentialAsync();

        Assert.Equal(
            PresentedCredential.Principal(PrincipalType.Guardian, "df72c626229f", "5ffd69500c83b9d948f5d0852538b5b983453182", CredentialSource.Query),
            credential);
    }

    [Fact]
    public async Task RfcxFormFields()
    {
        var credential = await new TestRequest().Body("auth_user=user%2Fu-42&auth_token=t0k&name=x").CredentialAsync();

        Assert.Equal(PresentedCredential.Principal(PrincipalType.User, "u-42", "t0k", CredentialSource.Form), credential);
    }

    [Fact]
    public async Task AccessTokenFormField()
    {
        var credential = await new TestRequest().Body("access_token=f0rm-t0k3n&name=x").CredentialAsync();

        Assert.Equal(PresentedCredential.Bearer("f0rm-t0k3n", CredentialSource.Form), credential);
    }

    [Fact]
    public async Task QueryParameterValues_ArePercentDecoded()
    {
        var credential = await new TestRequest().Query("?access_token=a%2Bb%2Fc%3D").CredentialAsync();

        Assert.Equal("a+b/c=", credential.Token);
    }

    [Theory]
    [InlineData("guardian", PrincipalType.Guardian)]
    [InlineData("user", PrincipalType.User)]
    [InlineData("token", PrincipalType.Token)]
    [InlineData("register", PrincipalType.Register)]
    [InlineData("GUARDIAN", PrincipalType.Guardian)]
    [InlineData("User", PrincipalType.User)]
    [InlineData("ToKeN", PrincipalType.Token)]
    [InlineData("REGISTER", PrincipalType.Register)]
    public async Task PrincipalTypes_AreTheFourRfcxOnes_CaseInsensitively(string type, PrincipalType expected)
    {
        var credential = await new TestRequest().AuthHeaders($"{type}/AbC-123", "tok").CredentialAsync();

        Assert.Equal(expected, credential.PrincipalType);
    }

    [Fact]
    public async Task PrincipalGuid_IsKeptExactlyAsSent()
    {
        var credential = await new TestRequest().AuthHeaders("user/DF72c626229F.x_y", "tok").CredentialAsync();

        Assert.Equal("DF72c626229F.x_y", credential.PrincipalGuid);
    }

    [Fact]
    public void AccessorsOfAnotherKind_Throw()
    {
        var bearer = PresentedCredential.Bearer("t", CredentialSource.Query);

        Assert.Throws<InvalidOperationException>(() => bearer.Id);
        Assert.Throws<InvalidOperationException>(() => bearer.Secret);
        Assert.Throws<InvalidOperationException>(() => bearer.PrincipalGuid);
        Assert.Throws<InvalidOperationException>(() => PresentedCredential.None.Token);
    }

    [Fact]
    public void ToString_NeverShowsATokenOrSecret()
    {
        Assert.DoesNotContain("s3cret", PresentedCredential.Bearer("s3cret", CredentialSource.AuthorizationHeader).ToString(), StringComparison.Ordinal);
        var basic = PresentedCredential.Basic("alice", "s3cret", CredentialSource.AuthorizationHeader).ToString();
        Assert.Contains("alice", basic, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cret", basic, StringComparison.Ordinal);
        var principal = PresentedCredential.Principal(PrincipalType.Guardian, "g1", "s3cret", CredentialSource.Query).ToString();
        Assert.Contains("g1", principal, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cret", principal, StringComparison.Ordinal);
    }
}
