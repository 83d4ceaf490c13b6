using Gatehouse.Grains.Security;
using Gatehouse.Runtime;

namespace Gatehouse.Grains.Identity;

/// <summary>A grain that credentials can stand for: users, applications, devices.</summary>
public interface ISubjectGrain : IGrainWithStringKey
{
    /// <summary>
    /// Silo-internal. The caller this subject is when using <paramref name="use"/>: its current
    /// permissions narrowed by the credential's scopes (elevated keys: the granted scopes), or
    /// null when the subject does not exist or is disabled.
    /// </summary>
    /// <remarks>
    /// Always interleaves: token and key grains call this while authenticating, and the subject
    /// may at that moment be in a turn that calls those same token grains (logout everywhere).
    /// It only reads, so running it at the other turn's await point is safe and breaks the cycle.
    /// </remarks>
    [AlwaysInterleave]
    Task<Caller?> BuildCallerAsync(CredentialUse use);
}
