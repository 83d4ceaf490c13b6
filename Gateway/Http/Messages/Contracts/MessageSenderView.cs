using Gatehouse.Grains.Security;

namespace Gatehouse.Gateway.Http.Messages.Contracts;

/// <summary>Who sent a message: the principal and the public id of its credential (never a secret).</summary>
public sealed record MessageSenderView(PrincipalKind Kind, string Id, CredentialKind Credential, string? CredentialId);
