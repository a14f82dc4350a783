using System.Collections.Immutable;
using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Matchday.Cli.Rendering;
using Matchday.Core.Units;
using Matchday.Simulation.Networks;
using Matchday.Simulation.Players;
using Matchday.Simulation.Players.Population;

namespace Matchday.Cli.Commands;

/// <summary>
/// <c>matchday players [SCENARIO] --viewers N --abr NAME --mode live|vod|reference --traces PATH --seed S</c>: what a
/// population of ABR players experiences; <c>--trace FILE</c> for one session (to compare with another simulator);
/// <c>--mode reference --traces PATH</c> for one Sabre-compatible session per trace.
/// </summary>
internal static class PlayersCommand
{
    public static Command Create()
    {
        var viewers = CommandLine.Count("--viewers", "Number of viewers (e.g. 100k or 1.5M).", 100_000, min: 1, "-n");
        var abr = new Option<string?>("--abr", "-a") { Description = $"ABR for everyone: an algorithm ({AbrOptions.NameList}) with the mode's buffers, or a player as the scenario names it ({PlayerRunner.PlayerNameList}) with its own; optionally @cap:N. Default: each device's player from the scenario, else dynamicdash." };
        var mode = new Option<string>("--mode") { Description = "Session timing: live, vod or reference (Sabre-compatible).", DefaultValueFactory = _ => "live" };
        CommandLine.OneOf(mode, "live", "vod", "reference");
        var traces = new Option<string?>("--traces") { Description = "Trace folder: sub-folders are network classes (else one class); replaces the scenario's synthetic mix. With --mode reference: one session per trace." };
        var trace = new Option<string?>("--trace") { Description = "Simulate one session over this trace file and print its metrics." };
        var ladder = new Option<string?>("--ladder") { Description = "Sabre movie manifest (segment_duration_ms, bitrates_kbps, segment_sizes_bits) to use as the ladder." };
        var latency = new Option<string?>("--latency") { Description = "Request latency for text traces, which carry none, e.g. 100 ms (default 0; JSON traces carry their own)." };
        var log = new Option<string?>("--log") { Description = "With --trace: write a per-segment CSV log (ms, bits; one line per line of Sabre's -v output)." };
        var seed = CommandLine.Seed("Random seed: same seed, same results, whatever the thread count.");
        var watch = new Option<string?>("--watch") { Description = "Watch time per viewer (live) or content length, e.g. 2 h (default: the scenario's match broadcast; the manifest's length or 10 min with --trace)." };
        var multiplier = CommandLine.Number("--multiplier", "Multiply every trace's throughput (Sabre -nm; default 1).", "a positive number, at most 1000, e.g. 0.5");
        var abandon = new Option<bool>("--abandon-downloads") { Description = "Let the ABR abandon downloads in flight (Sabre's default; hls.js always runs its own emergency rule)." };
        var maxBuffer = new Option<string?>("--max-buffer") { Description = "Maximum buffer (Sabre -b), e.g. 25 s." };
        var noIbr = new Option<bool>("--no-ibr") { Description = "No insufficient-buffer rule (Sabre -noibr)." };
        var osc = new Option<bool>("--bola-osc") { Description = "BOLA-O, minimising oscillations (Sabre -ao)." };
        var basic = new Option<bool>("--bola-basic") { Description = "Plain BOLA with a fixed target and no abandonment (Sabre -ab)." };
        var gammaP = CommandLine.Number("--gamma-p", "BOLA's gamma*p in s (Sabre -gp, default 5).", "a number of seconds, e.g. 5");
        var average = new Option<string?>("--moving-average") { Description = "Throughput average of the Sabre algorithms: ewma or sliding (Sabre -ma)." };
        CommandLine.OneOf(average, "ewma", "sliding");
        var halfLife = new Option<string?>("--half-life") { Description = "EWMA half-lives in s, comma-separated (Sabre -hl, default 3,8)." };
        var window = new Option<string?>("--window") { Description = "Sliding-window sizes in samples, comma-separated (Sabre -ws, default 3)." };
        var rampup = CommandLine.Whole("--rampup-threshold", "Rampup time counts until this rung plays (Sabre -rmp; default the rung the network sustains).", "a rung number, 0 for the lowest");
        var patient = new Option<bool>("--no-viewer-abandonment") { Description = "Viewers never give up (no Krishnan & Sitaraman abandonment)." };
        var anyScreen = new Option<bool>("--no-device-cap") { Description = "Let every viewer play any rung its network allows (by default each plays at most its device profile's bitrate)." };
        var threads = CommandLine.Threads("Worker threads (default: all cores); results do not depend on it.");
        var command = new Command("players", "Simulate adaptive-bitrate players over real or synthetic networks: startup, stalls, bitrate, switches, abandonment (csv: one line per viewer, or per trace in reference mode).")
        {
            viewers, abr, mode, traces, trace, ladder, latency, log, seed, watch, multiplier, abandon, maxBuffer, noIbr, osc, basic, gammaP,
            average, halfLife, window, rampup, patient, anyScreen, threads,
        };
        var inputs = new ScenarioOptions(command);
        var output = new OutputOptions(command, Formats.Names);
        command.SetAction(parse => CommandRunner.Run(() =>
        {
            var (fmt, outPath) = output.Resolve(parse);
            var loaded = inputs.Load(parse);
            var scenario = loaded.Scenario;
            var playerMode = parse.GetValue(mode) switch { "vod" => PlayerMode.Vod, "reference" => PlayerMode.Reference, _ => PlayerMode.Live };
            var tracePath = parse.GetValue(trace);
            var tracesPath = parse.GetValue(traces);
            var logPath = parse.GetValue(log);
            if (logPath is not null && tracePath is null) throw new UsageException("--log needs --trace: it logs one session");
            if (logPath is not null) OutputFiles.CheckFile(logPath, "--log");
            if (tracePath is not null && tracesPath is not null)
                throw new UsageException("--trace and --traces: give one (--trace runs one session on a trace file, --traces a population or reference set over a folder)");
            var mult = parse.GetValue(multiplier) ?? 1;
            if (!(mult > 0) || !(mult <= 1000)) throw new UsageException($"--multiplier {mult.ToString(CultureInfo.InvariantCulture)}: must be a positive number, at most 1000");
            var n = parse.GetValue(viewers);
            // Every session's row is kept for the percentiles (about 120 bytes each, and the traces besides).
            if (n > MaxViewers) throw new UsageException($"--viewers {n:N0}: at most {MaxViewers:N0} in one run (each session's figures are kept for the percentiles); run several seeds for more");
            if (parse.GetValue(gammaP) is { } gp && !(gp > 0 && gp <= 600))
                throw new UsageException($"--gamma-p {gp.ToString(CultureInfo.InvariantCulture)}: must be a number of seconds above 0 and at most 600 (Sabre's default is 5)");
            if (parse.GetValue(rampup) is { } rmp && rmp < 0) throw new UsageException($"--rampup-threshold {rmp}: must be a rung index, 0 for the lowest");
            var seedValue = parse.GetValue(seed);
            var textLatency = OptionalDuration("--latency", parse.GetValue(latency), allowZero: true, max: Duration.FromMinutes(1));
            var tuning = new SabreTuning
            {
                NoInsufficientBufferRule = parse.GetValue(noIbr),
                BolaOscillation = parse.GetValue(osc),
                BolaBasic = parse.GetValue(basic),
                GammaP = parse.GetValue(gammaP),
                Average = parse.GetValue(average) switch { "ewma" => ThroughputAverage.Ewma, "sliding" => ThroughputAverage.SlidingWindow, _ => null },
                HalfLives = [.. NumberList("--half-life", parse.GetValue(halfLife), 3600, "s").Select(Duration.FromSeconds)],
                WindowSizes = [.. NumberList("--window", parse.GetValue(window), AbrOptions.MaxWindow, "samples").Select(w => w == Math.Floor(w) ? (int)w : throw new UsageException($"--window: {w.ToString(CultureInfo.InvariantCulture)} is not a whole number of samples"))],
            };
            try
            {
                var manifestPath = parse.GetValue(ladder);
                var manifest = manifestPath is null ? null : TraceFiles.LoadManifest(manifestPath);
                var watchTime = OptionalDuration("--watch", parse.GetValue(watch), allowZero: false, max: Duration.FromDays(1))
                    ?? (tracePath is null && !(playerMode == PlayerMode.Reference && tracesPath is not null) ? scenario.Tournament.MatchBroadcast
                        : manifest is not null ? manifest.SegmentDuration * manifest.SegmentSizes.Length : Duration.FromMinutes(10));
                // The scenario's synthetic network mix only when no trace replaces it (2 hours of 128 traces take a while to draw).
                var (scenarioLadder, mix) = tracePath is null && tracesPath is null
                    ? PlayerRunner.FromScenario(scenario, seedValue, Duration.FromSeconds(Math.Max(1800, watchTime.Seconds)))
                    : (PlayerRunner.LadderOf(scenario), []);
                var runLadder = manifest ?? scenarioLadder;
                // A player fetches whole segments: a watch shorter than one would silently become one.
                if (parse.GetValue(watch) is not null && watchTime < runLadder.SegmentDuration)
                    throw new UsageException($"--watch {parse.GetValue(watch)}: shorter than one segment ({runLadder.SegmentDuration}); a viewer watches whole segments (a watch time is rounded up to them)");
                var run = new PlayersRun
                {
                    Mode = playerMode,
                    Abr = parse.GetValue(abr),
                    AbandonDownloads = parse.GetValue(abandon),
                    Tuning = tuning,
                    MaxBuffer = OptionalDuration("--max-buffer", parse.GetValue(maxBuffer), allowZero: false, max: Duration.FromHours(1)),
                    RampupThreshold = parse.GetValue(rampup),
                    ViewerAbandonment = !parse.GetValue(patient),
                    Viewers = n,
                    Seed = seedValue,
                    Ladder = runLadder,
                    RungNames = manifest is null ? PlayerRunner.RungNamesOf(scenario) : [],
                    // Each device keeps its share and its player; --no-device-cap lifts only the screen's cap.
                    Devices = parse.GetValue(anyScreen)
                        ? [.. PlayerRunner.DevicesOf(scenario, runLadder).Select(d => d with { MaxRung = int.MaxValue })]
                        : PlayerRunner.DevicesOf(scenario, runLadder),
                    WatchTime = watchTime,
                    LiveWindow = scenario.Delivery.LiveWindow,
                    Cohorts = tracesPath is null ? mix : TraceFiles.LoadCohorts(tracesPath, mult, textLatency),
                    Threads = parse.GetValue(threads),
                    Behaviour = scenario.Viewers,
                    KeepSessions = fmt == "csv",
                };
                // The scenario checked its window against its own segments; a --ladder manifest brings segments of its own.
                if (manifest is not null && playerMode == PlayerMode.Live && run.LiveWindow is { } liveWindow)
                {
                    var behind = scenario.Viewers?.LiveBufferSegments ?? 3;
                    var join = manifest.SegmentDuration * behind;
                    if (liveWindow.Seconds < join.Seconds * (1 - 1e-9))
                        throw new UsageException($"delivery.live_window {liveWindow.ToScenarioString()}: players join {behind} segments behind the live edge, {join.ToScenarioString()} with the {manifest.SegmentDuration.ToScenarioString()} segments of --ladder {manifestPath}, and the window must list them");
                }
                var runAbr = PlayerRunner.AbrFor(run); // an unknown or ambiguous --abr fails here, before any work
                CheckMaxBuffer(parse.GetValue(maxBuffer), run);
                var topRung = runLadder.Rungs.Length - 1;
                if (runAbr.Algorithm == AbrAlgorithm.Fixed && runAbr.FixedRung > topRung)
                    throw new UsageException($"--abr {run.Abr}: rung {runAbr.FixedRung} is not on the ladder (its rungs are 0 to {topRung})");
                if (runAbr.MaxRung is { } capRung && capRung > topRung)
                    throw new UsageException($"--abr {run.Abr}: cap at rung {capRung}, which is not on the ladder (its rungs are 0 to {topRung})");
                if (run.RampupThreshold is { } rampRung && rampRung > topRung)
                    throw new UsageException($"--rampup-threshold {rampRung}: rung {rampRung} is not on the ladder (its rungs are 0 to {topRung})");
                if (tracePath is not null)
                {
                    var one = TraceFiles.Load(tracePath, textLatency);
                    if (mult != 1) one = one.Scale(mult);
                    var sessionLog = logPath is null ? null : new SessionLog();
                    var result = PlayerRunner.RunSingle(run, one, sessionLog);
                    var report = PlayersReport.Session(run, one, result);
                    var text = Formats.Render(report.WithInputs(loaded.Inputs), fmt, outPath is not null,
                        () => JsonOutput.Document("players-session", loaded.Inputs, result), () => TidyCsv.Write(loaded.Inputs, result));
                    if (sessionLog is not null)
                    {
                        using var w = new StringWriter(CultureInfo.InvariantCulture);
                        sessionLog.Write(w);
                        CommandRunner.EmitWith(text, outPath, w.ToString(), logPath!, "--log");
                    }
                    else CommandRunner.Emit(text, outPath);
                    return CommandRunner.Ok;
                }
                if (playerMode == PlayerMode.Reference && tracesPath is not null)
                {
                    var sessions = PlayerRunner.RunReferenceSet(run, run.Cohorts);
                    var text = fmt == "csv" ? PlayersReport.ReferenceCsv(sessions)
                        : Formats.Render(PlayersReport.ReferenceSet(run, sessions).WithInputs(loaded.Inputs), fmt, outPath is not null,
                            () => JsonOutput.Document("players-reference", loaded.Inputs, PlayersReport.ReferenceJson(run, sessions)));
                    CommandRunner.Emit(text, outPath);
                    return CommandRunner.Ok;
                }
                var sw = Stopwatch.StartNew();
                var population = ProgressBar.Run($"{run.Viewers:N0} viewers", p => PlayerRunner.RunPopulation(run, p));
                sw.Stop();
                // The threads that ran: --threads, at most the cores there are (more only take turns on them).
                var workers = Math.Min(run.Threads ?? Environment.ProcessorCount, Environment.ProcessorCount);
                Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{population.SegmentDecisions:N0} segment decisions in {sw.Elapsed.TotalSeconds:F1} s ({population.SegmentDecisions / Math.Max(1e-9, sw.Elapsed.TotalSeconds) / 1e6:F1} M/s, {workers} {(workers == 1 ? "thread" : "threads")} on {Environment.ProcessorCount} {(Environment.ProcessorCount == 1 ? "core" : "cores")})"));
                string body;
                if (fmt == "csv")
                {
                    // One row per viewer (millions): streamed to the file or stdout, never held as one string.
                    CommandRunner.Stream(outPath, w => SessionCsv.Write(w, population));
                    return CommandRunner.Ok;
                }
                else body = Formats.Render(PlayersReport.Population(run, population).WithInputs(loaded.Inputs), fmt, outPath is not null,
                    () => JsonOutput.Document("players", loaded.Inputs, PlayersReport.Json(run, population)));
                CommandRunner.Emit(body, outPath);
                return CommandRunner.Ok;
            }
            catch (TraceFormatException e)
            {
                throw new UsageException(e.Message);
            }
            catch (ArgumentException e)
            {
                throw new UsageException(e.ParamName is { } p ? e.Message.Replace($" (Parameter '{p}')", "", StringComparison.Ordinal) : e.Message);
            }
        }));
        return command;
    }

    /// <summary>The most viewers one run takes: each session's figures are kept for the percentiles.</summary>
    private const int MaxViewers = 10_000_000;

    private static Duration? OptionalDuration(string option, string? text, bool allowZero, Duration? max = null)
    {
        if (text is null) return null;
        var parsed = QuantityParser.Duration(text);
        if (!parsed.Ok) throw new UsageException($"{option} {text}: {parsed.Error}");
        if (!(parsed.Value.Seconds > 0) && !(allowZero && parsed.Value.Seconds == 0))
            throw new UsageException($"{option} {text}: must be {(allowZero ? "zero or positive" : "positive")}");
        if (max is { } m && parsed.Value.Seconds > m.Seconds) throw new UsageException($"{option} {text}: must be at most {m.ToScenarioString()}");
        return parsed.Value;
    }

    /// <summary>
    /// <c>--max-buffer</c> must hold, and one segment more, what the run's most demanding player waits for before it
    /// plays (<see cref="PlayerRunner.DeepestStart"/>): a device's own player, a player <c>--abr</c> names, or the mode.
    /// </summary>
    private static void CheckMaxBuffer(string? text, PlayersRun run)
    {
        if (run.MaxBuffer is not { } max) return;
        var segment = run.Ladder.SegmentDuration;
        var (start, player) = PlayerRunner.DeepestStart(run);
        var least = start + segment;
        if (max.Seconds >= least.Seconds * (1 - 1e-9)) return;
        var held = start.Seconds > 0 ? $"the startup buffer of {player}, {start.ToScenarioString()}, and a segment" : "a segment";
        throw new UsageException($"--max-buffer {text}: must hold {held}: at least {least.ToScenarioString()} with {segment.ToScenarioString()} segments");
    }

    private static ImmutableArray<double> NumberList(string option, string? text, double max, string unit)
    {
        if (text is null) return [];
        // Commas, spaces or both ("3,8", "3 8", "3, 8"); two commas with nothing between are a mistake.
        var parts = text.Split(',', StringSplitOptions.TrimEntries)
            .SelectMany(p => p.Length == 0 ? [p] : p.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))
            .ToArray();
        if (parts.All(p => p.Length == 0)) throw new UsageException($"{option} '{text}': expected comma-separated numbers, e.g. 3,8");
        if (parts.Length > AbrOptions.MaxAverages) throw new UsageException($"{option} '{text}': at most {AbrOptions.MaxAverages} values");
        return [.. parts.Select(p => p.Length == 0 ? throw new UsageException($"{option} '{text}': an empty item between commas")
            : double.TryParse(p, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && v > 0 && double.IsFinite(v)
                ? v <= max ? v : throw new UsageException($"{option} '{text}': {p} is above the most it takes, {max.ToString(CultureInfo.InvariantCulture)} {unit}")
                : throw new UsageException($"{option} '{text}': '{p}' is not a positive number"))];
    }
}
