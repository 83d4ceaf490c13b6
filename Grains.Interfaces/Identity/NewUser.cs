namespace Gatehouse.Grains.Identity;

/// <summary>A user to create. <see cref="ApplicationId"/> makes it an application user of that application.</summary>
public sealed record NewUser(
    string Username,
    string Password,
    string? DisplayName = null,
    string? Email = null,
    string? Phone = null,
    bool SystemAdmin = false,
    string? ApplicationId = null,
    string? ApplicationRole = null);
