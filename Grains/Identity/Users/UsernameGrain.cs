using Gatehouse.Grains.Security;
using Gatehouse.Runtime;
using Gatehouse.Runtime.Persistence;

namespace Gatehouse.Grains.Identity.Users;

/// <summary>The owner of one username; see <see cref="IUsernameGrain"/>.</summary>
public sealed class UsernameGrain([PersistentState("username")] IPersistentState<UsernameState> name) : Grain, IUsernameGrain
{
    public Task<UserView> CreateUserAsync(Caller caller, NewUser user)
    {
        caller.Require(Permissions.UsersCreate);
        if (user.SystemAdmin && !caller.IsSystemAdmin)
        {
            throw new AccessDeniedException("Only system administrators may create system administrators.");
        }
        if (user.ApplicationId is not null)
        {
            throw new InvalidRequestException("Application users are created through their application.");
        }
        return CreateAuthorizedAsync(user, caller.Describe());
    }

    public async Task<UserView> CreateAuthorizedAsync(NewUser user, string createdBy)
    {
        UsernameKey.Validate(user.Username);
        if (UsernameKey.For(user.Username, user.ApplicationId) != GetPrimaryKeyString())
        {
            throw new InvalidOperationException("A user must be created through the grain of its own username.");
        }
        if (name.State.UserId is { } existing && await GrainFactory.GetGrain<IUserGrain>(existing).ExistsAsync())
        {
            throw new ResourceConflictException($"The username '{user.Username}' is taken.");
        }
        // Reserve first: if the process dies before the user is written, the reservation points at
        // a user that does not exist, and the check above lets the next attempt take the name.
        name.State.UserId = Secrets.SecretGenerator.NewId();
        await name.WriteStateAsync();
        return await GrainFactory.GetGrain<IUserGrain>(name.State.UserId).InitializeAsync(user, createdBy);
    }

    public async Task<string?> GetUserIdAsync()
    {
        if (name.State.UserId is { } id && await GrainFactory.GetGrain<IUserGrain>(id).ExistsAsync())
        {
            return id;
        }
        return null;
    }
}
