using BenchmarkDotNet.Characteristics;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains;
using BenchmarkDotNet.Toolchains.CsProj;
using BenchmarkDotNet.Toolchains.DotNetCli;
using BenchmarkDotNet.Validators;

namespace Gatehouse.Benchmarks;

/// <summary>
/// BenchmarkDotNet's usual out-of-process .NET toolchain (a generated project built with the
/// dotnet CLI, each benchmark in its own process), with <see cref="BenchmarksProjectGenerator"/>
/// to find this project.
/// </summary>
internal sealed class BenchmarksToolchain : Toolchain
{
    private static readonly IToolchain Default = CsProjCoreToolchain.From(new NetCoreAppSettings("net10.0", null, ".NET 10.0"));

    public BenchmarksToolchain()
        : base(".NET 10.0 (Benchmarks.csproj)", new BenchmarksProjectGenerator(), Default.Builder, Default.Executor)
    {
    }

    public override IEnumerable<ValidationError> Validate(BenchmarkCase benchmarkCase, IResolver resolver) =>
        Default.Validate(benchmarkCase, resolver);
}
