namespace Gatehouse.Grains.Accounts;

public sealed class AccountState
{
    public string Name { get; set; } = "";

    public string AdministratorId { get; set; } = "";

    /// <summary>Operator role name → permission names.</summary>
    public Dictionary<string, RoleView> Roles { get; set; } = [];

    /// <summary>Operator user id → role name.</summary>
    public Dictionary<string, string> Operators { get; set; } = [];

    public List<string> ApplicationIds { get; set; } = [];

    public DateTimeOffset CreatedAt { get; set; }
}
