namespace Matchday.Testing;

/// <summary>Files of the repository (examples/, samples/) and the shared folder beside it, found by walking up from the test binary.</summary>
internal static class RepoPaths
{
    public static string Root { get; } = WalkUp(d => File.Exists(Path.Combine(d, "Matchday.slnx")))
        ?? throw new InvalidOperationException("cannot find the repository root (Matchday.slnx) above " + AppContext.BaseDirectory);

    /// <summary>A scenario under examples/.</summary>
    public static string Example(string name) => Path.Combine(Root, "examples", name);

    /// <summary>A path under samples/traces/.</summary>
    public static string Samples(params string[] parts) => Path.Combine([Root, "samples", "traces", .. parts]);

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
