using Microsoft.AspNetCore.Cors.Infrastructure;

namespace Gatehouse.Gateway.Http.Cors;

/// <summary>
/// CORS for every surface. The native, EVRYTHNG, WoTKit and RFCx surfaces use ASP.NET's CORS
/// middleware (preflight answered before routing, so an OPTIONS request never reaches an
/// endpoint or needs a credential). ARTIK's paths (<c>/v1.1/…</c>) send the exact headers its
/// documentation shows on every response instead.
/// </summary>
public static class GatehouseCors
{
    public const string PolicyName = "gatehouse";

    /// <summary>The headers ARTIK's responses carry (secure registration seed).</summary>
    public static readonly IReadOnlyList<KeyValuePair<string, string>> ArtikHeaders =
    [
        new("Access-Control-Allow-Origin", "*"),
        new("Access-Control-Allow-Headers", "Origin, X-Requested-With, Content-Type, Accept, Referer, User-Agent, Authorization"),
        new("Access-Control-Allow-Methods", "POST, GET, PUT, DELETE, OPTIONS"),
        new("Allow", "*"),
    ];

    public static readonly string[] ExposedHeaders =
    [
        "Location", "Retry-After", "WWW-Authenticate", "X-Rate-Limit-Limit", "X-Rate-Limit-Remaining", "X-Rate-Limit-Reset",
    ];

    public static IServiceCollection AddGatehouseCors(this IServiceCollection services, IConfiguration configuration)
    {
        var options = configuration.GetSection(GatehouseCorsOptions.SectionName).Get<GatehouseCorsOptions>() ?? new GatehouseCorsOptions();
        services.AddCors(cors => cors.AddPolicy(PolicyName, policy => Configure(policy, options)));
        return services;
    }

    public static void UseGatehouseCors(this WebApplication app)
    {
        app.Use(async (context, next) =>
        {
            if (!context.Request.Path.StartsWithSegments("/v1.1"))
            {
                await next(context);
                return;
            }
            foreach (var (name, value) in ArtikHeaders)
            {
                context.Response.Headers[name] = value;
            }
            if (HttpMethods.IsOptions(context.Request.Method))
            {
                context.Response.StatusCode = StatusCodes.Status200OK;
                return;
            }
            await next(context);
        });
        app.UseWhen(context => !context.Request.Path.StartsWithSegments("/v1.1"), branch => branch.UseCors(PolicyName));
    }

    private static void Configure(CorsPolicyBuilder policy, GatehouseCorsOptions options)
    {
        if (options.AllowedOrigins.Count == 0 || options.AllowedOrigins.Contains("*"))
        {
            policy.AllowAnyOrigin();
        }
        else
        {
            policy.WithOrigins([.. options.AllowedOrigins]);
        }
        policy.AllowAnyMethod()
            .AllowAnyHeader()
            .WithExposedHeaders(ExposedHeaders)
            .SetPreflightMaxAge(options.PreflightMaxAge);
    }
}
