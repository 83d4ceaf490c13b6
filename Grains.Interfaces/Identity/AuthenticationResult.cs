using Gatehouse.Grains.Security;

namespace Gatehouse.Grains.Identity;

/// <summary>What a credential's grain says about a presented secret.</summary>
public sealed record AuthenticationResult(Caller? Caller, AuthenticationFailure Failure, TimeSpan? RetryAfter = null)
{
    public bool Succeeded => Caller is not null;

    public static AuthenticationResult Success(Caller caller) => new(caller, AuthenticationFailure.None);

    public static AuthenticationResult Fail(AuthenticationFailure failure, TimeSpan? retryAfter = null) => new(null, failure, retryAfter);
}
