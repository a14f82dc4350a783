using System.Collections.Immutable;
using Matchday.Core.Auditing;
using Matchday.Core.Planning;
using Matchday.Core.Units;
using Matchday.Simulation.Events;

namespace Matchday.Simulation.Sweeps;

/// <summary>The kind of number a figure is, which sets how it is written and how a <c>--fail-on</c> threshold is read.</summary>
public enum FigureKind
{
    /// <summary>A count of things sized exactly (servers, replicas, findings): written in full below 100M.</summary>
    Count,

    /// <summary>Viewers: written as the rest of Matchday writes them (<c>12.7M</c>), since the night's figures are fluid, not whole people.</summary>
    Viewers,

    /// <summary>Bits per second.</summary>
    Bitrate,

    /// <summary>US dollars.</summary>
    Money,

    /// <summary>A fraction, written as a percentage.</summary>
    Fraction,

    /// <summary>Seconds.</summary>
    Duration,

    /// <summary>Per minute (quality switches).</summary>
    PerMinute,
}

/// <summary>One figure a sweep can show: a name, its kind, and where it comes from (the plan, or the simulated night).</summary>
public sealed record SweepFigure(string Name, FigureKind Kind, string Description, bool NeedsNight, Func<Plan, EventResult?, double> Value)
{
    /// <summary>The base unit of the figure's numbers in JSON and CSV.</summary>
    public string Unit => Kind switch
    {
        FigureKind.Count or FigureKind.Viewers => "count",
        FigureKind.Bitrate => "bit/s",
        FigureKind.Money => "USD",
        FigureKind.Fraction => "fraction",
        FigureKind.Duration => "s",
        FigureKind.PerMinute => "1/min",
    };

    /// <summary>The value as people read it: <c>1.68B</c>, <c>4.74 Pbps</c>, <c>$4.07B</c>, <c>99.35%</c>.</summary>
    public string Format(double x) => !double.IsFinite(x) ? (double.IsPositiveInfinity(x) ? "never" : "-") : Kind switch
    {
        FigureKind.Count => x >= 1e8 ? Humanize.Compact(x) : x == Math.Floor(x) ? x.ToString("N0", System.Globalization.CultureInfo.InvariantCulture) : Humanize.Number(x, 3),
        FigureKind.Viewers => ViewerCount.Of(x).ToString(),
        FigureKind.Bitrate => Bitrate.FromBitsPerSecond(x).ToString(),
        FigureKind.Money => Money.FromDollars(x).ToString(),
        FigureKind.Fraction => Ratio.FromFraction(x).ToString(),
        FigureKind.Duration => Duration.FromSeconds(x).ToString(),
        FigureKind.PerMinute => $"{Humanize.Number(x, 3)}/min",
    };

    /// <summary>Reads a threshold written in this figure's kind: <c>99.95%</c>, <c>200k</c>, <c>$5B</c>, <c>5 Pbps</c>, <c>2 s</c>.</summary>
    public Parsed<double> ParseThreshold(string text) => Kind switch
    {
        FigureKind.Count or FigureKind.Viewers => QuantityParser.Count(text),
        FigureKind.Bitrate => Lift(QuantityParser.Bitrate(text), b => b.BitsPerSecond),
        FigureKind.Money => Lift(QuantityParser.Money(text), m => m.Dollars),
        FigureKind.Fraction => Lift(QuantityParser.Percent(text), r => r.Value),
        FigureKind.Duration => Lift(QuantityParser.Duration(text), d => d.Seconds),
        FigureKind.PerMinute => Lift(QuantityParser.Rate(text), r => r.PerSecond * 60),
    };

    private static Parsed<double> Lift<T>(Parsed<T> p, Func<T, double> f) => p.Ok ? Parsed<double>.Success(f(p.Value)) : Parsed<double>.Fail(p.Error!);
}

/// <summary>The catalogue of figures a sweep (or a gate) can show, each taken from the plan or the night as derived there.</summary>
public static class SweepFigures
{
    private static double Measured(EventResult? r, SloObjective o) =>
        r?.Slos.FirstOrDefault(v => v.Objective == o) is { } v ? v.Measured : double.NaN;

    /// <summary>Every figure, in the order listed by <c>matchday sweep --help</c>.</summary>
    public static ImmutableArray<SweepFigure> All { get; } =
    [
        new("viewers", FigureKind.Count, "peak concurrent viewers of the match", false, (p, _) => p.Match.Audience.Peak.Value),
        new("egress", FigureKind.Bitrate, "required peak egress", false, (p, _) => p.Match.Delivery.PeakEgress.BitsPerSecond),
        new("buffered-egress", FigureKind.Bitrate, "peak egress with the headroom buffer", false, (p, _) => p.Match.Delivery.BufferedEgress.BitsPerSecond),
        new("servers", FigureKind.Count, "edge servers needed at peak", false, (p, _) => p.Match.Delivery.ServersNeeded),
        new("origin-servers", FigureKind.Count, "origin servers needed with request coalescing", false, (p, _) => p.Match.Origin.Coalesced.ServersNeeded),
        new("encoders", FigureKind.Count, "encoder instances", false, (p, _) => p.Encoding.Instances),
        new("cost", FigureKind.Money, "tournament cost", false, (p, _) => p.Cost.Total.Dollars),
        new("cost-per-viewer-hour", FigureKind.Money, "tournament cost per viewer-hour", false, (p, _) => p.Cost.PerViewerHour.Dollars),
        new("findings", FigureKind.Count, "audit findings that are errors or critical", false, (p, _) => p.Audit.Count(f => f.Severity >= Severity.Error)),
        new("availability", FigureKind.Fraction, "simulated availability (playing / viewer-seconds of those still trying to watch)", true, (_, r) => r!.Availability.Value),
        new("budget-used", FigureKind.Fraction, "share of the error budget the night used", true, (_, r) => r!.BudgetUsed.Value),
        new("latency-p95", FigureKind.Duration, "p95 segment time to first byte, worst 5-minute window", true, (_, r) => Measured(r, SloObjective.LatencyP95)),
        new("latency-p99", FigureKind.Duration, "p99 segment time to first byte, worst 5-minute window", true, (_, r) => Measured(r, SloObjective.LatencyP99)),
        new("startup-p95", FigureKind.Duration, "p95 startup time over every join", true, (_, r) => Measured(r, SloObjective.StartupP95)),
        new("rebuffering", FigureKind.Fraction, "stalled / (playing + stalled) viewer-seconds", true, (_, r) => Measured(r, SloObjective.Rebuffering)),
        new("switches", FigureKind.PerMinute, "quality switches per playing viewer-minute", true, (_, r) => Measured(r, SloObjective.QualitySwitches)),
        new("peak-stalled", FigureKind.Viewers, "most viewers stalled at once", true, (_, r) => r!.Series.Stalled.Max()),
        new("peak-abandoned", FigureKind.Viewers, "most viewers who had given up at once (returning or left)", true, (_, r) => r!.PeakAbandoned.Value),
        new("peak-left", FigureKind.Viewers, "most viewers who had given up and left for good at once", true, (_, r) => r!.PeakLeft.Value),
        new("turned-away", FigureKind.Viewers, "viewers the token service turned away who gave up (never started), over the match", true, (_, r) => r!.TurnedAway.Value),
        new("delivered-egress", FigureKind.Bitrate, "peak egress delivered", true, (_, r) => r!.Series.Egress.Max()),
        new("origin-replicas", FigureKind.Count, "most origin replicas the HPA asked for", true, (_, r) => r!.Series.OriginReplicas.Max()),
        new("slos-broken", FigureKind.Count, "objectives broken", true, (_, r) => r!.Slos.Count(v => !v.Met)),
    ];

    public static SweepFigure? Find(string name) => All.FirstOrDefault(f => string.Equals(f.Name, name, StringComparison.OrdinalIgnoreCase));
}
