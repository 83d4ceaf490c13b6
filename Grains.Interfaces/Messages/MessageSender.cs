using Gatehouse.Grains.Security;
using Gatehouse.Runtime;

namespace Gatehouse.Grains.Messages;

/// <summary>
/// Who sent a message: the principal and the public id of the credential it used (a device token's
/// id, a key id), never a secret. Stored with every message, so data can be traced to its source.
/// </summary>
[Immutable]
public sealed record MessageSender(PrincipalKind Kind, string Id, CredentialKind Credential, string? CredentialId)
{
    public static MessageSender From(Caller caller) => new(caller.Kind, caller.Id, caller.Credential, caller.CredentialId);
}
