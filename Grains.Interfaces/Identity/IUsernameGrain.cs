using Gatehouse.Grains.Security;
using Gatehouse.Runtime;

namespace Gatehouse.Grains.Identity;

/// <summary>
/// The unique-name index: one grain per normalized username (application users: per application
/// and name). Its single-threaded turns and compare-and-swap state make "create if free" atomic,
/// cluster-wide.
/// </summary>
public interface IUsernameGrain : IGrainWithStringKey
{
    /// <summary>Creates the user if the name is free. Administrators (<c>users:create</c>) may; registration tokens and applications go through their own grains.</summary>
    Task<UserView> CreateUserAsync(Caller caller, NewUser user);

    /// <summary>Silo-internal: creates a user on behalf of a grain that has already authorized it.</summary>
    Task<UserView> CreateAuthorizedAsync(NewUser user, string createdBy);

    [ReadOnly]
    Task<string?> GetUserIdAsync();
}
