namespace Matchday.Core.Scenarios.Reading;

/// <summary>One problem in a scenario file, located: <c>my.yaml:12:14 audience.devices[0].share: ...</c>.</summary>
public sealed record ScenarioError(string File, int Line, int Column, string Field, string Message)
{
    public override string ToString() =>
        Line > 0 ? $"{File}:{Line}:{Column} {Field}: {Message}" : $"{File} {Field}: {Message}";
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
