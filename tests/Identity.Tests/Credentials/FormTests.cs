using System.Text;
using Gatehouse.Gateway.Http.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Gatehouse.Identity.Tests.Credentials;

/// <summary>Form bodies: read only when urlencoded, and still readable by the endpoint afterwards.</summary>
public sealed class FormTests
{
    [Fact]
    public async Task AfterExtraction_TheEndpointCanStillReadTheForm_AndTheRawBody()
    {
        const string body = "auth_user=guardian%2Fg1&auth_token=tok&name=fridge&temperature=5";
        var request = new TestRequest().Request;
        request.ContentType = "application/x-www-form-urlencoded";
        request.Body = new NonSeekableStream(Encoding.UTF8.GetBytes(body));

        var result = await CredentialExtractor.ExtractAsync(request, CancellationToken.None);

        Assert.True(result.Succeeded);
        Assert.Equal(CredentialSource.Form, result.Credential.Source);
        // What an endpoint does next: the form, both synchronously and asynchronously…
        Assert.Equal("fridge", request.Form["name"].ToString());
        Assert.Equal("5", (await request.ReadFormAsync())["temperature"].ToString());
        Assert.Equal("tok", request.Form["auth_token"].ToString());
        // …or the raw body, e.g. to check a signature over it.
        using var reader = new StreamReader(request.Body, Encoding.UTF8, leaveOpen: true);
        Assert.Equal(body, await reader.ReadToEndAsync());
    }

    [Fact]
    public async Task AFormAlreadyReadByMiddleware_IsUsedAsIs()
    {
        var test = new TestRequest().Body("access_token=tok&x=1");
        _ = await test.Request.ReadFormAsync();

        var credential = await test.CredentialAsync();

        Assert.Equal(PresentedCredential.Bearer("tok", CredentialSource.Form), credential);
        Assert.Equal("1", test.Request.Form["x"].ToString());
    }

    [Theory]
    [InlineData("application/x-www-form-urlencoded; charset=utf-8")]
    [InlineData("Application/X-WWW-Form-UrlEncoded")]
    [InlineData("application/x-www-form-urlencoded;charset=UTF-8")]
    public async Task UrlEncodedWithParametersOrAnyCase_IsRead(string contentType)
    {
        var credential = await new TestRequest().Body("access_token=tok", contentType).CredentialAsync();

        Assert.Equal(CredentialSource.Form, credential.Source);
    }

    [Theory]
    [InlineData("application/json")]
    [InlineData("multipart/form-data; boundary=xyz")]
    [InlineData("text/plain")]
    [InlineData("application/x-www-form-urlencodedX")]
    public async Task OtherBodies_AreNotRead(string contentType)
    {
        var test = new TestRequest().Bearer("tok").Body("access_token=other", contentType);

        var credential = await test.CredentialAsync();

        Assert.Equal(PresentedCredential.Bearer("tok", CredentialSource.AuthorizationHeader), credential);
        Assert.Equal(0, test.Request.Body.Position);
        Assert.Null(test.Request.HttpContext.Features.Get<IFormFeature>());
    }

    [Fact]
    public async Task AHeaderCredentialWithoutAFormBody_NeverTouchesTheForm()
    {
        var test = new TestRequest().Bearer("tok").Body("{\"access_token\":\"x\"}", "application/json");

        var pending = CredentialExtractor.ExtractAsync(test.Request, CancellationToken.None);

        Assert.True(pending.IsCompletedSuccessfully);
        Assert.Equal("tok", (await pending).Credential.Token);
        Assert.Null(test.Request.HttpContext.Features.Get<IFormFeature>());
        Assert.Equal(0, test.Request.Body.Position);
    }

    [Fact]
    public async Task AFormBeyondTheFormLimits_IsMalformedForm()
    {
        // FormOptions.ValueCountLimit defaults to 1024 fields.
        var body = string.Join('&', Enumerable.Range(0, 1_100).Select(i => $"f{i}=v"));

        var error = await new TestRequest().Body(body).ErrorAsync(CredentialErrorReason.MalformedForm);

        Assert.Equal(CredentialSource.Form, error.Source);
        Assert.Equal(400, error.StatusCode);
    }

    [Fact]
    public async Task AnEmptyFormBody_PresentsNothing()
    {
        Assert.True((await new TestRequest().Body("").CredentialAsync()).IsNone);
    }

    [Fact]
    public async Task Cancellation_WhileReadingTheForm_IsNotSwallowed()
    {
        var test = new TestRequest().Body("access_token=tok");
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await CredentialExtractor.ExtractAsync(test.Request, cancelled.Token));
    }

    [Theory]
    [InlineData("application/x-www-form-urlencoded", true)]
    [InlineData(" application/x-www-form-urlencoded ; charset=utf-8", true)]
    [InlineData("APPLICATION/X-WWW-FORM-URLENCODED", true)]
    [InlineData("application/x-www-form-urlencoded2", false)]
    [InlineData("multipart/form-data", false)]
    [InlineData("", false)]
    [InlineData(null, false)]
    public void IsUrlEncodedForm(string? contentType, bool expected)
    {
        Assert.Equal(expected, CredentialExtractor.IsUrlEncodedForm(contentType));
    }
}
