namespace Matchday.Simulation.Tests;

/// <summary>Locates the repository (samples/) and the shared folder next to it, by walking up from the test binary.</summary>
internal static class TestPaths
{
    public static string RepoRoot { get; } = WalkUp(d => File.Exists(Path.Combine(d, "Matchday.slnx")))
        ?? throw new InvalidOperationException("cannot find the repository root (Matchday.slnx) above " + AppContext.BaseDirectory);

    public static string Samples(params string[] parts) => Path.Combine([RepoRoot, "samples", "traces", .. parts]);

    /// <summary>The shared trace folder (../shared/traces), or null when this checkout has none.</summary>
    public static string? SharedTraces { get; } = WalkUp(d => Directory.Exists(Path.Combine(d, "shared", "traces"))) is { } root
        ? Path.Combine(root, "shared", "traces") : null;

    private static string? WalkUp(Func<string, bool> found)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (found(dir.FullName)) return dir.FullName;
        return null;
    }
}
