using System.Collections.Immutable;

namespace Gatehouse.Grains.Identity;

/// <summary>Single-use recovery codes, shown once. Each replaces a second-factor code one time.</summary>
public sealed record RecoveryCodesView(ImmutableArray<string> Codes);
