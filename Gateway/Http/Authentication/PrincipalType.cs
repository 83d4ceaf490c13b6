namespace Gatehouse.Gateway.Http.Authentication;

/// <summary>
/// The <c>[user_type]</c> of an RFCx <c>x-auth-user: [user_type]/[user_guid]</c>. These four are
/// the only types RFCx defines; anything else is rejected rather than guessed at.
/// </summary>
public enum PrincipalType
{
    /// <summary>Not a principal credential.</summary>
    None,

    /// <summary><c>guardian</c>: an autonomous device.</summary>
    Guardian,

    /// <summary><c>user</c>: a person who logged in and obtained a token.</summary>
    User,

    /// <summary><c>token</c>: a temporary token, limited in uses and endpoints.</summary>
    Token,

    /// <summary><c>register</c>: a registration token, redeemable to create a user or guardian.</summary>
    Register,
}
