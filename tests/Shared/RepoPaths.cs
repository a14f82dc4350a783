namespace Matchday.Testing;

/// <summary>Files of the repository (examples/, samples/), found by walking up from the test binary.</summary>
internal static class RepoPaths
{
    public static string Root { get; } = WalkUp(d => File.Exists(Path.Combine(d, "Matchday.slnx")))
        ?? throw new InvalidOperationException("cannot find the repository root (Matchday.slnx) above " + AppContext.BaseDirectory);

    /// <summary>A scenario under examples/.</summary>
    public static string Example(string name) => Path.Combine(Root, "examples", name);

    /// <summary>A path under samples/traces/.</summary>
    public static string Samples(params string[] parts) => Path.Combine([Root, "samples", "traces", .. parts]);

    private static string? WalkUp(Func<string, bool> found)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (found(dir.FullName)) return dir.FullName;
        return null;
    }
}
