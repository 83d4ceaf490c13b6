namespace Gatehouse.Grains.Identity;

public enum TokenKind
{
    /// <summary>Presented with each request (Bearer, <c>access_token</c>, RFCx <c>x-auth-token</c>).</summary>
    Access,

    /// <summary>Exchanged for a new access and refresh token; never accepted on a request.</summary>
    Refresh,

    /// <summary>A device's own access token (ARTIK device token, RFCx guardian token).</summary>
    Device,
}
