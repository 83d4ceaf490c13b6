namespace Gatehouse.Grains.Identity;

/// <summary>
/// The principal a token or key stands for, by kind and grain key. Tokens and keys ask the
/// subject's grain for a fresh <see cref="Security.Caller"/> on every use, so role changes,
/// disabling and deletion apply at once.
/// </summary>
public sealed record Subject(Security.PrincipalKind Kind, string Id)
{
    public override string ToString() => $"{Kind}/{Id}";
}
