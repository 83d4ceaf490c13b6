namespace Gatehouse.Grains.Identity.Secrets;

/// <summary>Bound from <c>Gatehouse:Secrets</c>; the keys of <see cref="SecretProtector"/>.</summary>
public sealed class SecretProtectionOptions
{
    public const string SectionName = "Gatehouse:Secrets";

    /// <summary>
    /// The current master key: base64 of 32 random bytes (<see cref="SecretProtector.GenerateKey"/>
    /// makes one; so does <c>openssl rand -base64 32</c>). Default unset, in which case
    /// <see cref="KeyFile"/> is used. Set it (from a secret store, not appsettings.json) when several
    /// silos must share one key, or when the data directory is not private.
    /// </summary>
    public string? MasterKey { get; set; }

    /// <summary>
    /// Where the master key lives when <see cref="MasterKey"/> is unset: base64 text, created on
    /// first use with a new random key and owner-only (0600) permissions. Default
    /// <c>./data/master.key</c>, relative to the working directory. Losing this file loses every
    /// secret protected with it: back it up apart from the database.
    /// </summary>
    public string KeyFile { get; set; } = "./data/master.key";

    /// <summary>
    /// Earlier master keys (base64, 32 bytes each) that still decrypt but never encrypt. To rotate:
    /// move the current key here, set a new <see cref="MasterKey"/>, re-protect stored values
    /// (<see cref="SecretProtector.IsProtectedWithCurrentKey"/> says which), then drop the old key.
    /// Default empty.
    /// </summary>
    public List<string> PreviousKeys { get; set; } = [];
}
