using System.Collections.Immutable;
using Matchday.Core.Planning;
using Matchday.Core.Scenarios;
using Matchday.Core.Scenarios.Reading;
using Matchday.Core.Text;
using Matchday.Core.Units;
using Matchday.Simulation.Events;

namespace Matchday.Simulation.Sweeps;

/// <summary>What a sweep is asked: the scenario's text, fixed overrides, the variations, the figures, and the night when simulated.</summary>
public sealed record SweepRequest
{
    public required string Yaml { get; init; }
    /// <summary>The file or preset the text came from, for error messages.</summary>
    public required string Origin { get; init; }
    /// <summary><c>--set</c> overrides every point shares.</summary>
    public ImmutableArray<Override> Fixed { get; init; } = [];
    public required ImmutableArray<Variation> Vary { get; init; }
    public required ImmutableArray<SweepFigure> Show { get; init; }
    /// <summary>The stage to plan (and simulate); the largest when null.</summary>
    public string? Stage { get; init; }
    /// <summary>When set, every point's night is simulated with this request (its stage is <see cref="Stage"/>).</summary>
    public NightRequest? Night { get; init; }
    /// <summary>Points run at once (default: every core). Results do not depend on it.</summary>
    public int? Threads { get; init; }

    /// <summary>The most points a sweep takes: plans are instant, a night takes about a third of a second per core.</summary>
    public const int MaxPlanPoints = 100_000;
    public const int MaxNightPoints = 2_000;
}

/// <summary>One point of a sweep: the values it was given and its figures (in <see cref="SweepRequest.Show"/> order, base units).</summary>
public sealed record SweepPoint(ImmutableArray<Override> Values, ImmutableArray<double> Figures, ImmutableArray<SloVerdict> Verdicts);

/// <summary>A sweep's points, in grid order (the first variation slowest).</summary>
public sealed record SweepResult(ImmutableArray<Variation> Vary, ImmutableArray<SweepFigure> Show, ImmutableArray<SweepPoint> Points);

/// <summary>
/// What-if sweeps: every point of the grid of variations is the scenario read with its overrides (validated as the
/// file is), planned, and, when asked, simulated with <see cref="NightSetup.Compile"/> and <see cref="EventSimulator.Run"/>.
/// Points run in parallel over the cores; each is deterministic (the request's seed), so the result does not depend on
/// the thread count. Every point is read and compiled before any runs: bad input is every located error at once.
/// </summary>
public static class Sweep
{
    /// <summary>Reads and compiles every point; returns the errors (each naming its point's overrides), or runs them.</summary>
    public static (SweepResult? Result, ImmutableArray<ScenarioError> Errors) Run(SweepRequest request, IProgress<double>? progress = null, CancellationToken cancel = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var errors = ImmutableArray.CreateBuilder<ScenarioError>();
        var simulate = request.Night is not null;
        if (request.Vary.IsEmpty) errors.Add(new ScenarioError("", 0, 0, "vary", $"nothing to sweep: give at least one --vary {Variation.Shape}"));
        foreach (var f in request.Show.Where(f => f.NeedsNight && !simulate))
            errors.Add(new ScenarioError("", 0, 0, "show", $"'{f.Name}' is a figure of the simulated night: add --simulate"));
        var grid = Variation.Grid(request.Vary);
        var max = simulate ? SweepRequest.MaxNightPoints : SweepRequest.MaxPlanPoints;
        if (grid.Length > max) errors.Add(new ScenarioError("", 0, 0, "vary", $"{grid.Length:N0} points; at most {max:N0} {(simulate ? "simulated nights" : "plans")}"));
        if (errors.Count > 0) return (null, errors.ToImmutable());

        // Read (and compile) every point first: the errors of all of them at once, before minutes of simulation.
        var scenarios = new Scenario[grid.Length];
        var nights = new NightModel?[grid.Length];
        for (var i = 0; i < grid.Length; i++)
        {
            var read = ScenarioReader.Read(request.Yaml, request.Origin, [.. request.Fixed, .. grid[i]]);
            if (!read.Ok)
            {
                errors.AddRange(read.Errors.Where(e => !errors.Contains(e)));
                continue;
            }
            scenarios[i] = read.Scenario!;
            if (request.Stage is not null && read.Scenario!.FindStage(request.Stage) is null)
            {
                var stages = read.Scenario.Tournament.Stages.Select(s => s.Name).ToArray();
                errors.Add(new ScenarioError("", 0, 0, "match", $"'{request.Stage}': no such stage in {read.Scenario.Name}{Suggestions.Hint(request.Stage, stages)}; stages: {string.Join(", ", stages)}"));
                break;
            }
        }
        if (errors.Count > 0) return (null, errors.ToImmutable());

        var points = new SweepPoint[grid.Length];
        var done = new double[grid.Length];
        var gate = new Lock();
        void Report(int i, double share)
        {
            if (progress is null) return;
            lock (gate)
            {
                done[i] = share;
                progress.Report(done.Sum() / done.Length);
            }
        }
        var options = new ParallelOptions { MaxDegreeOfParallelism = request.Threads ?? Environment.ProcessorCount, CancellationToken = cancel };
        var compileErrors = new ScenarioError[grid.Length][];
        Parallel.For(0, grid.Length, options, i =>
        {
            var plan = Planner.Build(scenarios[i], request.Stage);
            EventResult? night = null;
            if (simulate)
            {
                var compiled = NightSetup.Compile(scenarios[i], request.Night! with { Stage = request.Stage });
                if (!compiled.Ok)
                {
                    compileErrors[i] = [.. compiled.Errors];
                    return;
                }
                night = EventSimulator.Run(compiled.Model!, progress is null ? null : new Share(x => Report(i, x)));
            }
            points[i] = new SweepPoint(grid[i], [.. request.Show.Select(f => f.Value(plan, night))], night?.Slos ?? []);
            Report(i, 1);
        });
        var failed = compileErrors.Where(e => e is not null).SelectMany(e => e).Distinct().ToImmutableArray();
        if (!failed.IsEmpty) return (null, failed);
        return (new SweepResult(request.Vary, request.Show, [.. points]), []);
    }

    private sealed class Share(Action<double> report) : IProgress<double>
    {
        public void Report(double value) => report(value);
    }
}

/// <summary>A sweep's gate: <c>FIGURE OP THRESHOLD</c> (<c>availability &lt; 99.95%</c>, <c>servers &gt; 200k</c>), true at a point that fails.</summary>
public sealed record SweepGate(SweepFigure Figure, Comparison Op, double Threshold, string Text)
{
    public const string Shape = "FIGURE OP THRESHOLD, e.g. \"availability < 99.95%\" or \"servers > 200k\"";

    public static Parsed<SweepGate> Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var t = text.Trim();
        var opAt = t.IndexOfAny(['<', '>', '=', '!']);
        if (opAt <= 0) return Parsed<SweepGate>.Fail($"'{text}': expected {Shape}");
        var name = t[..opAt].Trim();
        var opLength = opAt + 1 < t.Length && t[opAt + 1] == '=' ? 2 : 1;
        var op = RunbookMetrics.ParseOperator(t.Substring(opAt, opLength));
        if (op is null) return Parsed<SweepGate>.Fail($"'{text}': '{t.Substring(opAt, opLength)}' is not a comparison: expected >, >=, <, <=, == or !=");
        var figure = SweepFigures.Find(name);
        if (figure is null)
            return Parsed<SweepGate>.Fail($"'{text}': unknown figure '{name}'{Suggestions.Hint(name, SweepFigures.All.Select(f => f.Name))}; figures: {string.Join(", ", SweepFigures.All.Select(f => f.Name))}");
        var valueText = t[(opAt + opLength)..].Trim();
        var threshold = figure.ParseThreshold(valueText);
        if (!threshold.Ok) return Parsed<SweepGate>.Fail($"'{text}': {figure.Name} takes a threshold of its kind ({Words.Of(figure.Kind)}): {threshold.Error}");
        return Parsed<SweepGate>.Success(new SweepGate(figure, op.Value, threshold.Value, t));
    }

    /// <summary>Whether the gate fails at a value (a value that is not a number fails no gate).</summary>
    public bool FailsAt(double value) => RunbookMetrics.Compare(Op, value, Threshold);
}
