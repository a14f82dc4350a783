namespace Matchday.Simulation.Networks;

/// <summary>A network trace or ladder manifest that cannot be read, with where the problem is (<c>file:line:column</c>).</summary>
public sealed class TraceFormatException : FormatException
{
    public TraceFormatException()
    {
        Source = "";
    }

    public TraceFormatException(string message) : base(message)
    {
        Source = "";
    }

    public TraceFormatException(string message, Exception inner) : base(message, inner)
    {
        Source = "";
    }

    public TraceFormatException(string source, int line, int column, string problem, Exception? inner = null)
        : base(line > 0 ? $"{source}:{line}:{column}: {problem}" : $"{source}: {problem}", inner)
    {
        Source = source;
        Line = line;
        Column = column;
        Problem = problem;
    }

    /// <summary>The file name (or another label) of the input.</summary>
    public new string Source { get; }

    /// <summary>1-based line of the problem, 0 if not known.</summary>
    public int Line { get; }

    /// <summary>1-based column of the problem, 0 if not known.</summary>
    public int Column { get; }

    /// <summary>What is wrong, without the location.</summary>
    public string Problem { get; } = "";
}
