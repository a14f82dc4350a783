namespace Matchday.Core.Tests;

/// <summary>Finds files of the repository (examples/) from the test's output folder.</summary>
internal static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    public static string Example(string name) => Path.Combine(Root, "examples", name);

    private static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Matchday.slnx"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("Matchday.slnx not found above " + AppContext.BaseDirectory);
    }
}
