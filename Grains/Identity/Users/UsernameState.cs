namespace Gatehouse.Grains.Identity.Users;

public sealed class UsernameState
{
    public string? UserId { get; set; }
}
