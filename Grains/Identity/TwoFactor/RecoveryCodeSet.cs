namespace Gatehouse.Grains.Identity.TwoFactor;

/// <summary>
/// A fresh batch of recovery codes. <see cref="PlainCodes"/> is shown to the user once and never
/// stored; <see cref="StoredCodes"/> (one digest per code, same order) is what the grain keeps.
/// </summary>
public sealed record RecoveryCodeSet(IReadOnlyList<string> PlainCodes, IReadOnlyList<string> StoredCodes);
