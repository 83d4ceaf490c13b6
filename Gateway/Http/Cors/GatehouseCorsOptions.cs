namespace Gatehouse.Gateway.Http.Cors;

/// <summary>
/// Cross-origin access for browser apps (EVRYTHNG: "the full CORS spec including pre-flight
/// requests"), bound from <c>Gatehouse:Cors</c>. Gatehouse authenticates with headers or query
/// parameters, never cookies, so allowing an origin grants it nothing a page could not already
/// send; credentials mode stays off.
/// </summary>
public sealed class GatehouseCorsOptions
{
    public const string SectionName = "Gatehouse:Cors";

    /// <summary>
    /// Origins allowed to call the API (<c>https://app.example.com</c>). Default: empty, meaning any
    /// origin (as does a <c>*</c> entry). Empty rather than <c>["*"]</c>, because configuration binding
    /// appends to a list's initial items instead of replacing them.
    /// </summary>
    public List<string> AllowedOrigins { get; set; } = [];

    /// <summary>How long browsers may cache a preflight answer. Default 10 minutes.</summary>
    public TimeSpan PreflightMaxAge { get; set; } = TimeSpan.FromMinutes(10);
}
