namespace Gatehouse.Identity.Tests.Authorization;

/// <summary>
/// One endpoint of the authorization matrix: how to build a valid request to it in the world,
/// and the status each principal must get, in <see cref="Principal"/> order.
/// </summary>
/// <param name="Endpoint">The endpoint's name in <c>EndpointCatalog.All</c>.</param>
/// <param name="Build">
/// Builds the request. Rows that destroy their target (revoke, delete, disable) create a fresh
/// target here, so no cell depends on another having run or not. It does not depend on the
/// principal: every world user has the same password, so even <c>me.password</c>'s body fits all.
/// </param>
/// <param name="Expected">The expected status per principal, in <see cref="Principal"/> order.</param>
/// <param name="Note">For rows where the code disagrees with the expectation: what the lead was told, shown on failure.</param>
public sealed record MatrixRow(string Endpoint, Func<AuthorizationWorld, Task<MatrixRequest>> Build, int[] Expected, string? Note = null)
{
    public int ExpectedFor(Principal principal) => Expected[(int)principal];
}
