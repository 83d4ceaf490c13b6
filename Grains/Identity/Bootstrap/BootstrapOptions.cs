namespace Gatehouse.Grains.Identity.Bootstrap;

/// <summary>The first system administrator, bound from <c>Gatehouse:Bootstrap</c>.</summary>
public sealed class BootstrapOptions
{
    public const string SectionName = "Gatehouse:Bootstrap";

    /// <summary>Created at start-up if no user has this name. Default <c>admin</c>.</summary>
    public string AdminUsername { get; set; } = "admin";

    /// <summary>
    /// The administrator's first password. When unset, a random one is generated and written to
    /// <see cref="PasswordFile"/> (owner-only permissions), never to the log.
    /// </summary>
    public string? AdminPassword { get; set; }

    /// <summary>Where a generated password is written. Default <c>data/bootstrap-admin-password</c>.</summary>
    public string PasswordFile { get; set; } = Path.Combine("data", "bootstrap-admin-password");

    /// <summary>Set false to create no administrator (a cluster's second silo, tests). Default true.</summary>
    public bool Enabled { get; set; } = true;
}
