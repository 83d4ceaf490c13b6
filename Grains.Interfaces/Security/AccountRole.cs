namespace Gatehouse.Grains.Security;

/// <summary>What a user is in their account. A user belongs to at most one account.</summary>
public enum AccountRole
{
    None,

    /// <summary>Holds an operator role: a named set of permissions the administrator made.</summary>
    Operator,

    /// <summary>Administers the account: operator roles, operators, applications, keys, audit.</summary>
    Administrator,
}
