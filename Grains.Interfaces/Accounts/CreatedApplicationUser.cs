using Gatehouse.Grains.Identity;

namespace Gatehouse.Grains.Accounts;

/// <summary>A new application user and their application-user API key (<c>id.secret</c>), shown once.</summary>
public sealed record CreatedApplicationUser(UserView User, string ApplicationUserApiKey);
