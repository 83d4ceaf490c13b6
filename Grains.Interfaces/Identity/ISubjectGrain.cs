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
    [ReadOnly]
    Task<Caller?> BuildCallerAsync(CredentialUse use);
}
