namespace Gatehouse.Gateway.Http.Endpoints;

/// <summary>
/// Which API family an endpoint belongs to. Each surface answers errors the way its platform
/// documents: the native API with RFC 9457 problem details, WoTKit with 403 for an
/// unauthenticated call to a private method.
/// </summary>
public enum ApiSurface
{
    Native,
    WoTKit,
    Evrythng,
    Artik,
    Rfcx,
}
