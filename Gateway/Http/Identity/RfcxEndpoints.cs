using Gatehouse.Gateway.Http.Endpoints;
using Gatehouse.Gateway.Http.Identity.Contracts;
using Gatehouse.Grains;
using Gatehouse.Grains.Identity.Secrets;
using Gatehouse.Grains.Registration;
using Gatehouse.Grains.Security;

namespace Gatehouse.Gateway.Http.Identity;

/// <summary>RFCx registration tokens (<c>register</c>) and temporary tokens (<c>token</c>).</summary>
public static class RfcxEndpoints
{
    public static IEnumerable<GatehouseEndpoint> All { get; } =
    [
        new("registration-tokens.create", "POST", "/v1/registration-tokens", EndpointPrivacy.Private, ApiSurface.Rfcx,
            "Create a registration token: a short code redeemable a set number of times, each creating a user or a guardian you own.",
            CreateRegistrationAsync, typeof(CreateRegistrationTokenRequest), typeof(CreatedRegistrationToken), StatusCodes.Status201Created, Permissions.RegistrationCreate),
        new("registration-tokens.revoke", "DELETE", "/v1/registration-tokens/{tokenId}", EndpointPrivacy.Private, ApiSurface.Rfcx,
            "Revoke a registration token.",
            RevokeRegistrationAsync, SuccessStatus: StatusCodes.Status204NoContent),
        new("register", "POST", "/v1/register", EndpointPrivacy.Private, ApiSurface.Rfcx,
            "Redeem a registration token (x-auth-user: register/{id}, x-auth-token: {code}) to create a user or a guardian.",
            RedeemAsync, typeof(RedeemRegistrationRequest), typeof(RedeemedRegistration), StatusCodes.Status201Created, Permissions.RegistrationRedeem),
        new("temporary-tokens.create", "POST", "/v1/temporary-tokens", EndpointPrivacy.Private, ApiSurface.Rfcx,
            "Create a temporary token that acts for you on the named endpoints only, for a few uses and a short time.",
            CreateTemporaryAsync, typeof(CreateTemporaryTokenRequest), typeof(CreatedTemporaryToken), StatusCodes.Status201Created, Permissions.TokensCreate),
        new("temporary-tokens.revoke", "DELETE", "/v1/temporary-tokens/{tokenId}", EndpointPrivacy.Private, ApiSurface.Rfcx,
            "Revoke a temporary token.",
            RevokeTemporaryAsync, SuccessStatus: StatusCodes.Status204NoContent),
    ];

    private static async Task<IResult> CreateRegistrationAsync(RequestContext request)
    {
        var body = await request.ReadJsonAsync<CreateRegistrationTokenRequest>();
        var created = await request.Grains.GetGrain<IRegistrationTokenGrain>(SecretGenerator.NewId())
            .CreateAsync(request.Caller, body.Type, body.Uses, Seconds(body.ExpiresInSeconds));
        return Results.Created($"/v1/registration-tokens/{created.Id}", created);
    }

    private static async Task<IResult> RevokeRegistrationAsync(RequestContext request)
    {
        await request.Grains.GetGrain<IRegistrationTokenGrain>(request.Route("tokenId")).RevokeAsync(request.Caller);
        return Results.NoContent();
    }

    private static async Task<IResult> RedeemAsync(RequestContext request)
    {
        var caller = request.Caller;
        if (caller.Kind != PrincipalKind.RegistrationToken)
        {
            throw new AccessDeniedException("Redeem with the registration token itself: x-auth-user: register/{id} and x-auth-token: {code}.");
        }
        var body = await request.ReadJsonAsync<RedeemRegistrationRequest>();
        var redeemed = await request.Grains.GetGrain<IRegistrationTokenGrain>(caller.Id)
            .RedeemAsync(caller, new RegistrationRedemption(body.Username, body.Password, body.Name));
        var location = redeemed.Target == RegistrationTarget.User ? $"/v1/users/{redeemed.Guid}" : $"/v1/devices/{redeemed.Guid}";
        return Results.Created(location, redeemed);
    }

    private static async Task<IResult> CreateTemporaryAsync(RequestContext request)
    {
        var body = await request.ReadJsonAsync<CreateTemporaryTokenRequest>();
        var unknown = body.Endpoints.IsDefault ? [] : body.Endpoints.Where(name => EndpointCatalog.All.All(e => e.Name != name)).ToList();
        if (unknown.Count > 0)
        {
            throw new InvalidRequestException($"Unknown endpoint names: {string.Join(", ", unknown)}. Names are the operationIds in /openapi.json.");
        }
        var created = await request.Grains.GetGrain<ITemporaryTokenGrain>(SecretGenerator.NewId())
            .CreateAsync(request.Caller, body.Endpoints, body.Scopes ?? default, body.Uses, Seconds(body.ExpiresInSeconds));
        return Results.Created($"/v1/temporary-tokens/{created.Id}", created);
    }

    private static async Task<IResult> RevokeTemporaryAsync(RequestContext request)
    {
        await request.Grains.GetGrain<ITemporaryTokenGrain>(request.Route("tokenId")).RevokeAsync(request.Caller);
        return Results.NoContent();
    }

    private static TimeSpan Seconds(long seconds) =>
        seconds is > 0 and <= int.MaxValue ? TimeSpan.FromSeconds(seconds) : throw new InvalidRequestException("expiresInSeconds must be a positive number of seconds.");
}
