namespace Matchday.Core.Scenarios.Reading;

/// <summary>One problem in a scenario file, located: <c>my.yaml:12:14 audience.devices[0].share: ...</c>.</summary>
public sealed record ScenarioError(string File, int Line, int Column, string Field, string Message)
{
    /// <remarks>
    /// A spec given on the command line has no line: <c>--fault "cdn-outage provider=akamia at=67m" col 21: ...</c>;
    /// a request setting has no file: <c>players: must be ...</c>.
    /// </remarks>
    public override string ToString() =>
        Line > 0 ? $"{File}:{Line}:{Column} {Field}: {Message}"
        : File.Length == 0 ? $"{Field}: {Message}"
        : Column > 0 ? $"{File} {Field} col {Column}: {Message}"
        : $"{File} {Field}: {Message}";
}

/// <summary>Thrown by the loading front ends when a scenario has errors; carries every one of them.</summary>
public sealed class ScenarioException : Exception
{
    public ScenarioException(IReadOnlyList<ScenarioError> errors)
        : base(string.Join(Environment.NewLine, errors)) => Errors = errors;

    public ScenarioException() : this([]) { }
    public ScenarioException(string message) : base(message) => Errors = [];
    public ScenarioException(string message, Exception inner) : base(message, inner) => Errors = [];

    public IReadOnlyList<ScenarioError> Errors { get; }
}
