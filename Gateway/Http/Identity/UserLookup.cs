using Gatehouse.Grains;
using Gatehouse.Grains.Identity;
using Gatehouse.Runtime;

namespace Gatehouse.Gateway.Http.Identity;

/// <summary>Finds a user id by username; a name that breaks the username rules simply does not exist.</summary>
internal static class UserLookup
{
    public static async Task<string?> FindAsync(IGrainFactory grains, string username)
    {
        try
        {
            UsernameKey.Validate(username);
        }
        catch (InvalidRequestException)
        {
            return null;
        }
        return await grains.GetGrain<IUsernameGrain>(UsernameKey.For(username)).GetUserIdAsync();
    }
}
