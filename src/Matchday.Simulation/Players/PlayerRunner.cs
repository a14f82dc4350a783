using System.Collections.Immutable;
using Matchday.Core.Scenarios;
using Matchday.Core.Units;
using Matchday.Simulation.Events;
using Matchday.Simulation.Networks;
using Matchday.Simulation.Players.Population;

namespace Matchday.Simulation.Players;

/// <summary>What <c>matchday players</c> asks for, mapped once into <see cref="PopulationOptions"/> by <see cref="PlayerRunner"/>.</summary>
public sealed record PlayersRun
{
    /// <summary>Timing mode.</summary>
    public PlayerMode Mode { get; init; } = PlayerMode.Live;

    /// <summary>
    /// ABR name (see <see cref="AbrOptions.Parse"/>); null: each device runs the player its profile names, and devices
    /// that name none (and runs without devices) run <c>dynamicdash</c>, dash.js's default.
    /// </summary>
    public string? Abr { get; init; }

    /// <summary>Abandon downloads in flight (on in Sabre by default; off here unless asked).</summary>
    public bool AbandonDownloads { get; init; }

    /// <summary>Sabre's options that change decisions (Sabre <c>-noibr -ao -ab -gp -ma -hl -ws</c>), applied to the ABR.</summary>
    public SabreTuning Tuning { get; init; } = SabreTuning.None;

    /// <summary>Maximum buffer (Sabre <c>-b</c>); null for the mode's default.</summary>
    public Duration? MaxBuffer { get; init; }

    /// <summary>Rampup counts until this rung plays (Sabre <c>-rmp</c>); null for the rung the network sustains.</summary>
    public int? RampupThreshold { get; init; }

    /// <summary>Apply the Krishnan &amp; Sitaraman viewer-abandonment model.</summary>
    public bool ViewerAbandonment { get; init; } = true;

    /// <summary>Number of viewers.</summary>
    public int Viewers { get; init; } = 100_000;

    /// <summary>Seed.</summary>
    public ulong Seed { get; init; } = 1;

    /// <summary>The ladder.</summary>
    public BitrateLadder Ladder { get; init; } = BitrateLadder.Default;

    /// <summary>The audience's devices and the highest rung each plays (none: only the network limits quality).</summary>
    public ImmutableArray<PlayerDevice> Devices { get; init; } = [];

    /// <summary>Names of the ladder's rungs, lowest first (e.g. 240p), when the ladder came from a scenario; indices otherwise.</summary>
    public ImmutableArray<string> RungNames { get; init; } = [];

    /// <summary>The name of rung <paramref name="index"/>.</summary>
    public string RungName(int index) => index < RungNames.Length ? RungNames[index] : index.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>How long each viewer watches (live) or the content length (VOD, reference).</summary>
    public Duration WatchTime { get; init; } = Duration.FromHours(2);

    /// <summary>Network cohorts; empty for the default synthetic mix.</summary>
    public ImmutableArray<NetworkCohort> Cohorts { get; init; } = [];

    /// <summary>Worker threads; null for all cores.</summary>
    public int? Threads { get; init; }

    /// <summary>Live: the playlist's sliding window (see <see cref="PlayerOptions.LiveWindow"/>); null for none (a DVR window).</summary>
    public Duration? LiveWindow { get; init; }

    /// <summary>Keep per-session rows (for CSV).</summary>
    public bool KeepSessions { get; init; }

    /// <summary>
    /// The scenario's <c>viewers</c> section: how patient viewers are at startup and in a stall, and how far behind the
    /// live edge live players join (<see cref="PlayerRunner.AbandonmentOf"/>); null for the defaults.
    /// </summary>
    public ViewerSettings? Behaviour { get; init; }
}

/// <summary>
/// The application functions behind <c>matchday players</c>: map the request to engine options, run a population
/// (with progress) or a single session, and read trace sets and scenarios into cohorts. The CLI stays thin.
/// </summary>
public static class PlayerRunner
{
    /// <summary>The ABR the run names, tuned, or dynamicdash when it names none.</summary>
    /// <exception cref="ArgumentException">An unknown or ambiguous ABR name.</exception>
    public static AbrOptions AbrFor(PlayersRun run)
    {
        ArgumentNullException.ThrowIfNull(run);
        var abr = run.Abr is null ? AbrOptions.DynamicDash : PlayerNamed(run)?.Abr ?? ParseAlgorithm(run.Abr);
        return run.Tuning.ApplyTo(abr) with { Abandonment = run.AbandonDownloads };
    }

    /// <summary>The names <c>--abr</c> reads as players, for messages and help: <c>exoplayer, hls.js, ...</c>.</summary>
    public static string PlayerNameList => string.Join(", ", PlayerProfile.All.Select(p => p.Name));

    private static AbrOptions ParseAlgorithm(string name) =>
        AbrOptions.TryParse(name, out var abr, out var error) ? abr
            : throw new ArgumentException($"{error}; or a player, with its buffers: {PlayerNameList}", nameof(name));

    /// <summary>
    /// The player the run's ABR names (<c>--abr hls.js</c>, <c>--abr shaka</c>: its algorithm and its buffers, as a
    /// device of the scenario running it), or null when it names an algorithm (<c>hlsjs</c>, <c>dynamicdash</c>) or nothing.
    /// </summary>
    public static PlayerProfile? PlayerNamed(PlayersRun run)
    {
        ArgumentNullException.ThrowIfNull(run);
        return run.Abr is null ? null : PlayerProfile.Named(run.Abr);
    }

    /// <summary>
    /// The player configuration for a run: devices run their own players unless the run names an ABR (then everyone
    /// runs it: a player's name brings that player's buffers, an algorithm's the mode's). <c>--max-buffer</c>, when
    /// given, is every player's buffer, a device's own player's included.
    /// </summary>
    public static PlayerOptions PlayerFor(PlayersRun run)
    {
        ArgumentNullException.ThrowIfNull(run);
        var abr = AbrFor(run);
        var named = PlayerNamed(run) is { } p ? p with { Abr = abr } : null;
        var devices = run.Abr is null ? run.Devices : [.. run.Devices.Select(d => d with { Player = named })];
        if (run.MaxBuffer is not null)
            devices = [.. devices.Select(d => d.Player is { } own ? d with { Player = own with { BufferGoal = null } } : d)];
        var player = run.Mode switch
        {
            PlayerMode.Live => PlayerOptions.Live(run.Ladder, abr, run.WatchTime) with { Devices = devices, LiveWindow = run.LiveWindow },
            PlayerMode.Vod => PlayerOptions.Vod(run.Ladder, abr, run.WatchTime) with { Devices = devices },
            _ => PlayerOptions.Reference(run.Ladder, abr, run.WatchTime),
        };
        if (run.MaxBuffer is { } max) player = player with { MaxBuffer = max };
        // No devices to carry the player: its buffers apply to the session itself.
        if (named is not null && devices.IsDefaultOrEmpty && run.Mode != PlayerMode.Reference)
            player = (run.MaxBuffer is null ? named : named with { BufferGoal = null }).ApplyTo(player);
        if (run.RampupThreshold is { } rt) player = player with { RampupThreshold = rt };
        if (run.Mode == PlayerMode.Live && run.Behaviour is { LiveBufferSegments: { } behind })
            player = player with { LiveTargetLatency = run.Ladder.SegmentDuration * behind };
        return run.ViewerAbandonment && run.Mode != PlayerMode.Reference
            ? player with { ViewerAbandonment = AbandonmentOf(run.Behaviour, run.WatchTime) }
            : player;
    }

    /// <summary>
    /// The most buffer any player of the run waits for before it plays (its startup or resume buffer, whichever is
    /// more: a device's own player's, a player <c>--abr</c> names, or the mode's), and whose it is (<c>tv (avplayer)</c> for a device's own player, the ABR's name for the mode's buffers):
    /// a maximum buffer must hold it and one segment more.
    /// </summary>
    public static (Duration Buffer, string Player) DeepestStart(PlayersRun run)
    {
        ArgumentNullException.ThrowIfNull(run);
        var options = PlayerFor(run with { MaxBuffer = null });
        if (PlayerNamed(run) is { } named && run.Mode != PlayerMode.Reference)
            return (Deeper(named.StartupBuffer ?? options.StartupBuffer, named.ResumeBuffer ?? options.ResumeBuffer), named.Label);
        static Duration Deeper(Duration a, Duration b) => a >= b ? a : b;
        if (options.Devices.IsDefaultOrEmpty) return (Deeper(options.StartupBuffer, options.ResumeBuffer), PlayerNamed(run)?.Label ?? options.Abr.Name);
        var best = (Buffer: Duration.Zero, Player: "");
        foreach (var d in options.Devices)
        {
            var need = Deeper(d.Player?.StartupBuffer ?? options.StartupBuffer, d.Player?.ResumeBuffer ?? options.ResumeBuffer);
            if (best.Player.Length == 0 || need > best.Buffer) best = (need, d.Player is { } own ? $"{d.Name} ({own.Label})" : options.Abr.Name);
        }
        return best;
    }

    /// <summary>
    /// Viewer abandonment under a scenario's <c>viewers</c> section, the simulated night's (<see cref="ViewerBehaviour.Abandonment"/>):
    /// Krishnan &amp; Sitaraman's startup figures, and a stall patience whose mean is the section's or, when it gives
    /// none, the one the night derives for viewers who watch <paramref name="watch"/> (<see cref="ViewerBehaviour.For"/>).
    /// </summary>
    public static ViewerAbandonment AbandonmentOf(ViewerSettings? viewers, Duration watch) =>
        ViewerBehaviour.For(viewers ?? new ViewerSettings(), watch).Abandonment();

    /// <summary>
    /// Reference (Sabre) mode over a trace set: one session per trace, each replayed from its start, as Sabre runs one
    /// session per trace. Sessions run in parallel; the list is in cohort then trace order.
    /// </summary>
    public static ImmutableArray<ReferenceSession> RunReferenceSet(PlayersRun run, ImmutableArray<NetworkCohort> cohorts)
    {
        ArgumentNullException.ThrowIfNull(run);
        var options = PlayerFor(run with { Mode = PlayerMode.Reference });
        var jobs = cohorts.SelectMany(c => c.Traces.Select(t => (Cohort: c.Name, Trace: t))).ToArray();
        var results = new ReferenceSession[jobs.Length];
        _ = new Engine.SessionPlan(options); // validate once, before fanning out
        Parallel.For(0, jobs.Length, new ParallelOptions { MaxDegreeOfParallelism = run.Threads ?? Environment.ProcessorCount },
            i => results[i] = new ReferenceSession(jobs[i].Cohort, jobs[i].Trace.Name, PlayerSimulator.Run(options, jobs[i].Trace)));
        return [.. results];
    }

    /// <summary>The population options for a run (the default synthetic mix when no cohorts are given).</summary>
    public static PopulationOptions PopulationFor(PlayersRun run)
    {
        ArgumentNullException.ThrowIfNull(run);
        var cohorts = run.Cohorts.IsDefaultOrEmpty
            ? NetworkCohort.DefaultMix(run.Seed, Duration.FromSeconds(Math.Max(1800, run.WatchTime.Seconds)), poolSize: 32)
            : run.Cohorts;
        return new PopulationOptions
        {
            Viewers = run.Viewers,
            Player = PlayerFor(run),
            Cohorts = cohorts,
            Seed = run.Seed,
            MaxDegreeOfParallelism = run.Threads,
            KeepSessions = run.KeepSessions,
        };
    }

    /// <summary>Runs the population; <paramref name="progress"/> gets the fraction done.</summary>
    /// <exception cref="ArgumentException">Invalid request (every problem listed).</exception>
    public static PopulationResult RunPopulation(PlayersRun run, IProgress<double>? progress = null, CancellationToken cancellationToken = default) =>
        PopulationSimulator.Run(PopulationFor(run), progress, cancellationToken);

    /// <summary>
    /// One session over one trace, e.g. to compare with another simulator: in reference mode the trace starts at its
    /// beginning (as in Sabre); otherwise the seed picks the start point.
    /// </summary>
    public static SessionReport RunSingle(PlayersRun run, NetworkTrace trace, SessionLog? log = null)
    {
        ArgumentNullException.ThrowIfNull(run);
        return PlayerSimulator.Run(PlayerFor(run), trace, run.Mode == PlayerMode.Reference ? null : run.Seed, log);
    }

    /// <summary>
    /// The scenario's device profiles as player devices: each plays up to the highest rung of <paramref name="ladder"/>
    /// at or below its profile bitrate (the lowest rung if none is), and runs the player its profile names (if any).
    /// </summary>
    public static ImmutableArray<PlayerDevice> DevicesOf(Scenario scenario, BitrateLadder ladder)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        ArgumentNullException.ThrowIfNull(ladder);
        return [.. scenario.Audience.Devices.Select(d =>
        {
            var top = 0;
            for (var q = 0; q < ladder.Rungs.Length; q++) if (ladder.Rungs[q].BitsPerSecond <= d.Bitrate.BitsPerSecond * (1 + 1e-9)) top = q;
            return new PlayerDevice(d.Name, d.Share.Value, top) { Player = d.Player is { } kind ? PlayerProfile.Of(kind) : null };
        })];
    }

    /// <summary>The scenario's rung names in the order of <see cref="FromScenario"/>'s ladder (by bitrate).</summary>
    public static ImmutableArray<string> RungNamesOf(Scenario scenario) =>
        [.. scenario.Ladder.Rungs.GroupBy(r => r.Bitrate).OrderBy(g => g.Key).Select(g => g.First().Name)];

    /// <summary>
    /// The ladder and network mix of a scenario: rungs and segment duration from its ladder and delivery; one synthetic
    /// cohort per audience network class, weighted by its share (<see cref="SyntheticNetwork.OfClass"/>).
    /// </summary>
    public static (BitrateLadder Ladder, ImmutableArray<NetworkCohort> Cohorts) FromScenario(Scenario scenario, ulong seed, Duration traceLength)
    {
        var ladder = LadderOf(scenario);
        var cohorts = scenario.Audience.Networks.Select(n => NetworkCohort.FromSynthetic(SyntheticNetwork.OfClass(n), n.Share.Value, seed, traceLength, poolSize: 32));
        return (ladder, [.. cohorts]);
    }

    /// <summary>The ladder of a scenario: its distinct rung bitrates in increasing order and its segment duration.</summary>
    public static BitrateLadder LadderOf(Scenario scenario)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        var rungs = scenario.Ladder.Rungs.Select(r => r.Bitrate).Distinct().Order().ToArray();
        return BitrateLadder.Create(scenario.Delivery.SegmentDuration, rungs);
    }
}

/// <summary>One reference-mode session of a trace set: the cohort (folder) and trace it ran on, and its report.</summary>
public sealed record ReferenceSession(string Cohort, string Trace, SessionReport Report);

/// <summary>
/// Sabre's command-line options that change decisions, as one record mapped once onto <see cref="AbrOptions"/>:
/// <c>-noibr</c>, <c>-ao</c>, <c>-ab</c>, <c>-gp</c>, <c>-ma</c>, <c>-hl</c>, <c>-ws</c>. Null or empty keeps the default.
/// </summary>
public sealed record SabreTuning
{
    /// <summary>Nothing changed.</summary>
    public static SabreTuning None { get; } = new();

    /// <summary>Sabre <c>-noibr</c>.</summary>
    public bool NoInsufficientBufferRule { get; init; }

    /// <summary>Sabre <c>-ao</c>.</summary>
    public bool BolaOscillation { get; init; }

    /// <summary>Sabre <c>-ab</c>.</summary>
    public bool BolaBasic { get; init; }

    /// <summary>Sabre <c>-gp</c>.</summary>
    public double? GammaP { get; init; }

    /// <summary>Sabre <c>-ma</c>.</summary>
    public ThroughputAverage? Average { get; init; }

    /// <summary>Sabre <c>-hl</c>.</summary>
    public ImmutableArray<Duration> HalfLives { get; init; } = [];

    /// <summary>Sabre <c>-ws</c>.</summary>
    public ImmutableArray<int> WindowSizes { get; init; } = [];

    /// <summary>The ABR with these options applied.</summary>
    public AbrOptions ApplyTo(AbrOptions abr)
    {
        ArgumentNullException.ThrowIfNull(abr);
        var o = abr;
        if (NoInsufficientBufferRule) o = o with { InsufficientBufferRule = false };
        if (BolaOscillation) o = o with { BolaOscillationMode = true };
        if (BolaBasic) o = o with { BolaBasic = true };
        if (GammaP is { } gp) o = o with { GammaP = gp };
        if (Average is { } a) o = o with { Average = a };
        if (!HalfLives.IsDefaultOrEmpty) o = o with { HalfLives = HalfLives };
        if (!WindowSizes.IsDefaultOrEmpty) o = o with { WindowSizes = WindowSizes };
        return o;
    }
}
