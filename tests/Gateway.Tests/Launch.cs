namespace Gatehouse.Gateway.Tests;

/// <summary>How <see cref="RunningGateway"/> starts the gateway.</summary>
internal enum Launch
{
    /// <summary><c>dotnet run --project Gateway --no-build</c> from the repository root, as the README says.</summary>
    DotnetRun,

    /// <summary>The built gateway next to this test assembly, run directly.</summary>
    App,
}
