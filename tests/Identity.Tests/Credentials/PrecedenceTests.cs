using Gatehouse.Gateway.Http.Authentication;

namespace Gatehouse.Identity.Tests.Credentials;

/// <summary>
/// The same credential in several places counts once, from the highest-precedence place; two
/// different credentials are always a conflict naming both places (docs/authentication.md).
/// </summary>
public sealed class PrecedenceTests
{
    private sealed record Presentation(Action<TestRequest> Apply, CredentialSource Source, string Description);

    // In precedence order. Every one presents a different credential (another value or kind).
    private static readonly Dictionary<string, Presentation> Presentations = new()
    {
        ["AuthorizationBearer"] = new(r => r.Bearer("header-token"), CredentialSource.AuthorizationHeader, "Authorization: Bearer"),
        ["AuthorizationBasic"] = new(r => r.Basic("alice", "pw"), CredentialSource.AuthorizationHeader, "Authorization: Basic"),
        ["AuthHeaders"] = new(r => r.AuthHeaders("guardian/g1", "header-rfcx"), CredentialSource.AuthHeaders, "the x-auth-user/x-auth-token headers"),
        ["QueryAccessToken"] = new(r => r.Query("?access_token=query-token"), CredentialSource.Query, "the access_token query parameter"),
        ["QueryPrincipal"] = new(r => r.Query("?auth_user=guardian/g2&auth_token=query-rfcx"), CredentialSource.Query, "the auth_user/auth_token query parameters"),
        ["FormAccessToken"] = new(r => r.Body("access_token=form-token"), CredentialSource.Form, "the access_token form field"),
        ["FormPrincipal"] = new(r => r.Body("auth_user=guardian%2Fg3&auth_token=form-rfcx"), CredentialSource.Form, "the auth_user/auth_token form fields"),
    };

    /// <summary>Every pair of places that can appear together (one Authorization header, one query string, one body).</summary>
    public static TheoryData<string, string> ConflictPairs()
    {
        var data = new TheoryData<string, string>();
        var names = Presentations.Keys.ToArray();
        for (var i = 0; i < names.Length; i++)
        {
            for (var j = i + 1; j < names.Length; j++)
            {
                if (!(names[i].StartsWith("Authorization", StringComparison.Ordinal) && names[j].StartsWith("Authorization", StringComparison.Ordinal)))
                {
                    data.Add(names[i], names[j]);
                }
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(ConflictPairs))]
    public async Task TwoDifferentCredentials_Conflict_NamingBothPlaces(string higher, string lower)
    {
        var request = new TestRequest();
        if (lower.StartsWith("Query", StringComparison.Ordinal) && higher.StartsWith("Query", StringComparison.Ordinal))
        {
            request.Query("?access_token=query-token&auth_user=guardian/g2&auth_token=query-rfcx");
        }
        else if (lower.StartsWith("Form", StringComparison.Ordinal) && higher.StartsWith("Form", StringComparison.Ordinal))
        {
            request.Body("access_token=form-token&auth_user=guardian%2Fg3&auth_token=form-rfcx");
        }
        else
        {
            Presentations[higher].Apply(request);
            Presentations[lower].Apply(request);
        }

        var error = await request.ErrorAsync(CredentialErrorReason.ConflictingCredentials);

        Assert.Equal(Presentations[higher].Source, error.Source);
        Assert.Equal(Presentations[lower].Source, error.ConflictingSource);
        Assert.Equal(
            $"The request presents two different credentials: {Presentations[higher].Description} and {Presentations[lower].Description}. Send one.",
            error.Message);
        Assert.Equal(400, error.StatusCode);
    }

    [Fact]
    public async Task SameKindDifferentValue_Conflicts()
    {
        var error = await new TestRequest().Bearer("token-a").Query("?access_token=token-b").ErrorAsync(CredentialErrorReason.ConflictingCredentials);

        Assert.Equal("The request presents two different credentials: Authorization: Bearer and the access_token query parameter. Send one.", error.Message);
        Assert.DoesNotContain("token-a", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("token-b", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SamePrincipalWithAnotherToken_Conflicts()
    {
        await new TestRequest().AuthHeaders("guardian/g1", "tok-1").Query("?auth_user=guardian/g1&auth_token=tok-2").ErrorAsync(CredentialErrorReason.ConflictingCredentials);
    }

    [Fact]
    public async Task SameTokenAsBearerAndAsPrincipalToken_Conflicts()
    {
        // Same secret, different kinds: one names a principal, the other does not.
        await new TestRequest().Bearer("tok").AuthHeaders("guardian/g1", "tok").ErrorAsync(CredentialErrorReason.ConflictingCredentials);
    }

    [Fact]
    public async Task GuidsDifferingOnlyInCase_Conflict()
    {
        await new TestRequest().AuthHeaders("guardian/ABC", "tok").Query("?auth_user=guardian/abc&auth_token=tok").ErrorAsync(CredentialErrorReason.ConflictingCredentials);
    }

    [Fact]
    public async Task IdenticalBearer_InHeaderQueryAndForm_IsAcceptedOnce_FromTheHeader()
    {
        var credential = await new TestRequest().Bearer("same").Query("?access_token=same").Body("access_token=same").CredentialAsync();

        Assert.Equal(PresentedCredential.Bearer("same", CredentialSource.AuthorizationHeader), credential);
    }

    [Fact]
    public async Task IdenticalBearer_InQueryAndForm_IsAcceptedOnce_FromTheQuery()
    {
        var credential = await new TestRequest().Query("?access_token=same").Body("access_token=same").CredentialAsync();

        Assert.Equal(CredentialSource.Query, credential.Source);
    }

    [Fact]
    public async Task IdenticalBearer_InHeaderAndForm_IsAcceptedOnce_FromTheHeader()
    {
        var credential = await new TestRequest().Bearer("same").Body("access_token=same").CredentialAsync();

        Assert.Equal(CredentialSource.AuthorizationHeader, credential.Source);
    }

    [Fact]
    public async Task IdenticalPrincipal_InHeadersQueryAndForm_IsAcceptedOnce_FromTheHeaders()
    {
        var credential = await new TestRequest()
            .AuthHeaders("guardian/g1", "tok")
            .Query("?auth_user=GUARDIAN/g1&auth_token=tok")
            .Body("auth_user=guardian%2Fg1&auth_token=tok")
            .CredentialAsync();

        // The type is a keyword, so GUARDIAN and guardian are the same principal.
        Assert.Equal(PresentedCredential.Principal(PrincipalType.Guardian, "g1", "tok", CredentialSource.AuthHeaders), credential);
    }

    [Fact]
    public async Task IdenticalPrincipal_InQueryAndForm_IsAcceptedOnce_FromTheQuery()
    {
        var credential = await new TestRequest().Query("?auth_user=user/u1&auth_token=tok").Body("auth_user=user%2Fu1&auth_token=tok").CredentialAsync();

        Assert.Equal(CredentialSource.Query, credential.Source);
    }

    [Fact]
    public async Task AnErrorInALowerPlace_IsNotIgnored_BecauseAHigherPlaceHasACredential()
    {
        await new TestRequest().Bearer("tok").Query("?access_token=a&access_token=b").ErrorAsync(CredentialErrorReason.RepeatedParameter);
    }

    [Fact]
    public async Task AnErrorInAHigherPlace_IsReported_AndTheFormIsNotRead()
    {
        var request = new TestRequest().Authorization("Digest x=y").Body("access_token=other");

        await request.ErrorAsync(CredentialErrorReason.UnsupportedAuthorizationScheme);

        Assert.Equal(0, request.Request.Body.Position);
    }

    [Fact]
    public async Task TwoAccessTokenQueryValues_AreRepeated_EvenWhenIdentical()
    {
        var error = await new TestRequest().Query("?access_token=a&access_token=a").ErrorAsync(CredentialErrorReason.RepeatedParameter);

        Assert.Equal(CredentialSource.Query, error.Source);
        Assert.Contains("access_token query parameter", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TwoAccessTokenFormFields_AreRepeated()
    {
        await new TestRequest().Body("access_token=a&access_token=b").ErrorAsync(CredentialErrorReason.RepeatedParameter);
    }

    [Theory]
    [InlineData("?access_token=")]
    [InlineData("?access_token")]
    [InlineData("?access_token=%20%20")]
    public async Task EmptyAccessToken_IsEmptyToken_NotAnonymous(string query)
    {
        var error = await new TestRequest().Query(query).ErrorAsync(CredentialErrorReason.EmptyToken);

        Assert.Equal(CredentialSource.Query, error.Source);
    }
}
