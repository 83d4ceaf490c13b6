using BenchmarkDotNet.Loggers;
using BenchmarkDotNet.Toolchains.CsProj;

namespace Gatehouse.Benchmarks;

/// <summary>
/// BenchmarkDotNet finds the benchmark project by looking for <c>{AssemblyName}.csproj</c>; this
/// project is <c>Benchmarks.csproj</c> but builds <c>Gatehouse.Benchmarks.dll</c>, so the search
/// fails. This generator names the project directly: the nearest <c>Benchmarks.csproj</c> above
/// the running binary.
/// </summary>
internal sealed class BenchmarksProjectGenerator()
    : CsProjGenerator("net10.0", cliPath: null!, packagesPath: null!, runtimeFrameworkVersion: null!, isNetCore: true)
{
    private const string ProjectFileName = "Benchmarks.csproj";

    protected override FileInfo GetProjectFilePath(Type benchmarkTarget, ILogger logger)
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var project = new FileInfo(Path.Combine(directory.FullName, ProjectFileName));
            if (project.Exists)
            {
                return project;
            }
        }
        throw new FileNotFoundException($"{ProjectFileName} was not found above {AppContext.BaseDirectory}.");
    }
}
