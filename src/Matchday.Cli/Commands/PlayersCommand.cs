using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Matchday.Cli.Rendering;
using Matchday.Core.Units;
using Matchday.Simulation.Networks;
using Matchday.Simulation.Players;
using Matchday.Simulation.Players.Population;
using Spectre.Console;

namespace Matchday.Cli.Commands;

/// <summary>
/// <c>matchday players [SCENARIO] --viewers N --abr NAME --mode live|vod|reference --traces PATH --seed S</c>: what a
/// population of ABR players experiences; <c>--trace FILE</c> for one session (to compare with another simulator).
/// </summary>
internal static class PlayersCommand
{
    public static Command Create()
    {
        var viewers = CommandLine.Count("--viewers", "Number of viewers (e.g. 100k or 1.5M).", 100_000, "-n");
        var abr = new Option<string>("--abr", "-a") { Description = "ABR: throughput, bola, dynamic or fixed:N, optionally @cap:N (e.g. dynamic@cap:3).", DefaultValueFactory = _ => "dynamic" };
        var mode = new Option<string>("--mode") { Description = "Session timing: live, vod or reference (Sabre-compatible).", DefaultValueFactory = _ => "live" };
        mode.AcceptOnlyFromAmong("live", "vod", "reference");
        var traces = new Option<string?>("--traces") { Description = "Trace folder: sub-folders are network classes (else one class); replaces the scenario's synthetic mix." };
        var trace = new Option<string?>("--trace") { Description = "Simulate one session over this trace file and print its metrics." };
        var seed = new Option<ulong>("--seed", "-s") { Description = "Random seed: same seed, same results, whatever the thread count.", DefaultValueFactory = _ => 1 };
        var watch = new Option<string?>("--watch") { Description = "Watch time per viewer (live) or content length, e.g. 2 h (default: the scenario's match broadcast; 10 min with --trace)." };
        var multiplier = new Option<double>("--multiplier") { Description = "Multiply every trace's throughput.", DefaultValueFactory = _ => 1 };
        var abandon = new Option<bool>("--abandon-downloads") { Description = "Let the ABR abandon downloads in flight (Sabre's default)." };
        var patient = new Option<bool>("--no-viewer-abandonment") { Description = "Viewers never give up (no Krishnan & Sitaraman abandonment)." };
        var anyScreen = new Option<bool>("--no-device-cap") { Description = "Let every viewer play any rung its network allows (by default each plays at most its device profile's bitrate)." };
        var threads = new Option<int?>("--threads") { Description = "Worker threads (default: all cores); results do not depend on it." };
        var command = new Command("players", "Simulate adaptive-bitrate players over real or synthetic networks: startup, stalls, bitrate, switches, abandonment (csv: one line per viewer).")
        {
            viewers, abr, mode, traces, trace, seed, watch, multiplier, abandon, patient, anyScreen, threads,
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
            var watchText = parse.GetValue(watch);
            Duration watchTime;
            if (watchText is not null)
            {
                var parsed = QuantityParser.Duration(watchText);
                if (!parsed.Ok || !(parsed.Value.Seconds > 0)) throw new UsageException($"--watch {watchText}: {parsed.Error ?? "must be positive"}");
                watchTime = parsed.Value;
            }
            else watchTime = tracePath is null ? scenario.Tournament.MatchBroadcast : Duration.FromMinutes(10);
            var mult = parse.GetValue(multiplier);
            if (!(mult > 0) || !double.IsFinite(mult)) throw new UsageException($"--multiplier {mult.ToString(CultureInfo.InvariantCulture)}: must be a positive number");
            var n = parse.GetValue(viewers);
            if (n < 1) throw new UsageException($"--viewers {n}: must be at least 1");
            var seedValue = parse.GetValue(seed);
            try
            {
                var (ladder, mix) = PlayerRunner.FromScenario(scenario, seedValue, Duration.FromSeconds(Math.Max(1800, watchTime.Seconds)));
                var tracesPath = parse.GetValue(traces);
                var run = new PlayersRun
                {
                    Mode = playerMode,
                    Abr = parse.GetValue(abr)!,
                    AbandonDownloads = parse.GetValue(abandon),
                    ViewerAbandonment = !parse.GetValue(patient),
                    Viewers = n,
                    Seed = seedValue,
                    Ladder = ladder,
                    RungNames = PlayerRunner.RungNamesOf(scenario),
                    Devices = parse.GetValue(anyScreen) ? [] : PlayerRunner.DevicesOf(scenario, ladder),
                    WatchTime = watchTime,
                    Cohorts = tracesPath is null ? mix : PlayerRunner.LoadCohorts(tracesPath, mult),
                    Threads = parse.GetValue(threads),
                    KeepSessions = fmt == "csv",
                };
                if (tracePath is not null)
                {
                    var one = TraceFiles.Load(tracePath);
                    if (mult != 1) one = one.Scale(mult);
                    var session = PlayerRunner.RunSingle(run, one);
                    var report = PlayersReport.Session(run, one, session);
                    CommandRunner.Emit(Formats.Render(report.WithInputs(loaded.Inputs), fmt, outPath is not null,
                        () => JsonOutput.Document("players-session", loaded.Inputs, session), () => TidyCsv.Write(loaded.Inputs, session)), outPath);
                    return CommandRunner.Ok;
                }
                var sw = Stopwatch.StartNew();
                var result = ProgressBar.Run($"{run.Viewers:N0} viewers", p => PlayerRunner.RunPopulation(run, p));
                sw.Stop();
                Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{result.SegmentDecisions:N0} segment decisions in {sw.Elapsed.TotalSeconds:F1} s ({result.SegmentDecisions / Math.Max(1e-9, sw.Elapsed.TotalSeconds) / 1e6:F1} M/s, {Environment.ProcessorCount} cores)"));
                string text;
                if (fmt == "csv")
                {
                    using var w = new StringWriter(CultureInfo.InvariantCulture);
                    SessionCsv.Write(w, result);
                    text = w.ToString();
                }
                else text = Formats.Render(PlayersReport.Population(run, result).WithInputs(loaded.Inputs), fmt, outPath is not null, () => JsonOutput.Document("players", loaded.Inputs, PlayersReport.Json(run, result)));
                CommandRunner.Emit(text, outPath);
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
}
