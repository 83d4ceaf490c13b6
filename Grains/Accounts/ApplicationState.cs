namespace Gatehouse.Grains.Accounts;

public sealed class ApplicationState
{
    public string AccountId { get; set; } = "";

    public string Name { get; set; } = "";

    public string PublicKeyId { get; set; } = "";

    public string TrustedKeyId { get; set; } = "";

    /// <summary>Application-user roles by name. "default" always exists.</summary>
    public Dictionary<string, RoleView> UserRoles { get; set; } = [];

    public List<string> UserIds { get; set; } = [];

    public DateTimeOffset CreatedAt { get; set; }
}
