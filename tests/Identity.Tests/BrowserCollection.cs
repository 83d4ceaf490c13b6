namespace Gatehouse.Identity.Tests;

/// <summary>
/// Browser tests run on their own, after the parallel tests: Chromium is a dozen processes, and
/// on a two-core machine sharing it with two thousand tests made a form post take longer than
/// any sensible wait (CI saw a 15 s navigation timeout once).
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class BrowserCollection
{
    public const string Name = "Browser";
}
