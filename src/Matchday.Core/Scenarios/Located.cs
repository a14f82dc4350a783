namespace Matchday.Core.Scenarios;

/// <summary>
/// Where a one-line spec (a fault, a rule) was written: a scenario file's line and column (1-based, of the spec's
/// first character) and field, or a command-line option (<see cref="Line"/> 0).
/// </summary>
public sealed record SpecSource(string Text, string File, int Line, int Column, string Field)
{
    /// <summary>A spec given on the command line with <paramref name="option"/> (e.g. <c>--fault</c>).</summary>
    public static SpecSource Option(string option, string text) => new(text, option, 0, 1, $"\"{text}\"");
}

/// <summary>A value read from a spec, with the spec it came from.</summary>
public sealed record Located<T>(T Value, SpecSource Source);
