using Gatehouse.Gateway.Http.Authentication;
using Gatehouse.Gateway.Http.Errors;
using Gatehouse.Gateway.Http.RateLimits;
using Gatehouse.Grains;
using Gatehouse.Grains.Audit;
using Gatehouse.Grains.Identity;
using Gatehouse.Grains.Security;
using Gatehouse.Runtime;

namespace Gatehouse.Gateway.Http.Endpoints;

/// <summary>
/// What every endpoint runs through: extract one credential, have its grain authenticate it,
/// apply the endpoint's privacy level, run the handler, and turn grain errors into statuses.
/// The privacy check only asks "is there a caller, and is it an administrator"; what the caller
/// may do to which resource is decided by the grains the handler calls.
/// </summary>
public sealed partial class EndpointPipeline(CallerResolver resolver, IGrainFactory grains, IAuditLog audit, RequestRateLimiter rateLimits, ILogger<EndpointPipeline> logger)
{
    public async Task InvokeAsync(HttpContext http, GatehouseEndpoint endpoint)
    {
        var result = await RunAsync(http, endpoint);
        await result.ExecuteAsync(http);
    }

    private async Task<IResult> RunAsync(HttpContext http, GatehouseEndpoint endpoint)
    {
        var surface = endpoint.Surface;
        if (endpoint.Authentication == EndpointAuthentication.Handler)
        {
            // The handler authenticates what its protocol defines (OAuth2 client credentials in
            // Basic, a user in a form); reading Basic here would take a client for a user.
            return await RunHandlerAsync(http, endpoint, Caller.Anonymous);
        }
        var extraction = await CredentialExtractor.ExtractAsync(http.Request, http.RequestAborted);
        if (!extraction.Succeeded)
        {
            var error = extraction.Error!;
            return ErrorResponder.Error(surface, error.StatusCode, "Bad credentials", error.Message);
        }

        var source = http.Connection.RemoteIpAddress?.ToString();
        AuthenticationResult authentication;
        try
        {
            authentication = await resolver.ResolveAsync(extraction.Credential, endpoint.Name, source, ClientCertificates.Thumbprint(http));
        }
        catch (AccessDeniedException exception)
        {
            // A secure device's credential without its certificate (seed 002: 403 off the secure endpoint).
            return ErrorResponder.Error(surface, StatusCodes.Status403Forbidden, "Forbidden", exception.Message);
        }
        catch (GrainCallTimeoutException)
        {
            return ErrorResponder.Error(surface, StatusCodes.Status503ServiceUnavailable, "Unavailable", "Authentication did not answer in time; retry.");
        }
        if (authentication.Caller is not { } caller)
        {
            LogAuthenticationFailed(logger, endpoint.Name, extraction.Credential.ToString(), authentication.Failure);
            await AuditFailureAsync(extraction.Credential, authentication.Failure, endpoint, source);
            return AuthenticationError(surface, authentication);
        }

        if (await rateLimits.ApplyAsync(http, caller) is { } limited)
        {
            return ErrorResponder.Error(surface, StatusCodes.Status429TooManyRequests, "Too many requests",
                "This device or key has used its request budget; see the X-Rate-Limit headers.", limited);
        }

        if (!caller.AllowedEndpoints.IsDefaultOrEmpty && !caller.AllowedEndpoints.Contains(endpoint.Name))
        {
            return ErrorResponder.Error(surface, StatusCodes.Status403Forbidden, "Forbidden", $"This temporary token may not call '{endpoint.Name}'.");
        }
        if (endpoint.Privacy is EndpointPrivacy.Private or EndpointPrivacy.Admin && !caller.IsAuthenticated)
        {
            // WoTKit documents 403 for an unauthenticated call to a private method; elsewhere 401 with a challenge.
            return surface == ApiSurface.WoTKit
                ? ErrorResponder.Error(surface, StatusCodes.Status403Forbidden, "Forbidden", "This method is private; authenticate.")
                : ErrorResponder.Error(surface, StatusCodes.Status401Unauthorized, "Unauthorized", "This endpoint needs credentials.");
        }
        if (endpoint.Privacy == EndpointPrivacy.Admin && !caller.IsSystemAdmin)
        {
            return ErrorResponder.Error(surface, StatusCodes.Status403Forbidden, "Forbidden", "Only system administrators may call this endpoint.");
        }

        return await RunHandlerAsync(http, endpoint, caller);
    }

    private async Task<IResult> RunHandlerAsync(HttpContext http, GatehouseEndpoint endpoint, Caller caller)
    {
        try
        {
            return await endpoint.Handler(new RequestContext(http, endpoint, caller, grains));
        }
        catch (Exception exception) when (Map(exception) is { } status)
        {
            // WoTKit answers an unauthenticated call for something private with 403 (seed 2.1.1);
            // endpoints that authenticate in their handler (OAuth2) keep their protocol's 401.
            var surface = endpoint.Surface;
            return surface == ApiSurface.WoTKit && status.Code == StatusCodes.Status401Unauthorized && endpoint.Authentication == EndpointAuthentication.Pipeline
                ? ErrorResponder.Error(surface, StatusCodes.Status403Forbidden, "Forbidden", exception.Message)
                : ErrorResponder.Error(surface, status.Code, status.Title, exception.Message);
        }
    }

    /// <summary>Every failed credential is audited with its public part only (key id, token lookup key, username, RFCx guid).</summary>
    private ValueTask AuditFailureAsync(PresentedCredential credential, AuthenticationFailure failure, GatehouseEndpoint endpoint, string? source)
    {
        var (kind, publicId, principal, principalId) = CredentialAuditView.Describe(credential);
        var details = System.Collections.Immutable.ImmutableDictionary<string, string>.Empty
            .Add("reason", failure.ToString())
            .Add("endpoint", endpoint.Name)
            .Add("presentedIn", credential.Source.ToString());
        return audit.RecordAsync(failure == AuthenticationFailure.LockedOut ? AuditActions.LockedOut : AuditActions.CredentialFailed,
            AuditActor.Claimed(kind, publicId, principal, principalId), "credential", publicId ?? "(none)", null, AuditOutcome.Failed, source, details);
    }

    private static IResult AuthenticationError(ApiSurface surface, AuthenticationResult result) => result.Failure switch
    {
        AuthenticationFailure.LockedOut => ErrorResponder.Error(surface, StatusCodes.Status429TooManyRequests, "Too many attempts", "Too many failed attempts; retry later.", result.RetryAfter),
        AuthenticationFailure.EndpointNotAllowed => ErrorResponder.Error(surface, StatusCodes.Status403Forbidden, "Forbidden", "This temporary token may not call this endpoint."),
        AuthenticationFailure.SecondFactorRequired => ErrorResponder.Error(surface, StatusCodes.Status401Unauthorized, "Second factor required",
            "This account uses two-factor login, which Basic authentication cannot carry. Log in at POST /v1/auth/login and use the bearer token, or use an API key."),
        AuthenticationFailure.Revoked => ErrorResponder.Error(surface, StatusCodes.Status401Unauthorized, "Unauthorized", "The credential has been revoked."),
        AuthenticationFailure.Expired => ErrorResponder.Error(surface, StatusCodes.Status401Unauthorized, "Unauthorized", "The credential has expired."),
        AuthenticationFailure.UsedUp => ErrorResponder.Error(surface, StatusCodes.Status401Unauthorized, "Unauthorized", "The token has no uses left."),
        AuthenticationFailure.Disabled => ErrorResponder.Error(surface, StatusCodes.Status401Unauthorized, "Unauthorized", "The principal behind this credential is disabled or gone."),
        // Unknown and wrong secrets read the same, so responses do not reveal which ids exist.
        _ => ErrorResponder.Error(surface, StatusCodes.Status401Unauthorized, "Unauthorized", "The credentials are not valid."),
    };

    private static (int Code, string Title)? Map(Exception exception) => exception switch
    {
        InvalidRequestException => (StatusCodes.Status400BadRequest, "Bad request"),
        NotAuthenticatedException => (StatusCodes.Status401Unauthorized, "Unauthorized"),
        AccessDeniedException => (StatusCodes.Status403Forbidden, "Forbidden"),
        ResourceNotFoundException => (StatusCodes.Status404NotFound, "Not found"),
        ResourceConflictException => (StatusCodes.Status409Conflict, "Conflict"),
        PayloadTooLargeException => (StatusCodes.Status413PayloadTooLarge, "Payload too large"),
        UnsupportedMediaTypeException => (StatusCodes.Status415UnsupportedMediaType, "Unsupported media type"),
        GrainCallTimeoutException => (StatusCodes.Status503ServiceUnavailable, "Unavailable"),
        _ => null,
    };

    [LoggerMessage(EventId = 200, Level = LogLevel.Information, Message = "Authentication failed on {Endpoint} with {Credential}: {Failure}")]
    private static partial void LogAuthenticationFailed(ILogger logger, string endpoint, string credential, AuthenticationFailure failure);
}
