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
        var file = new Argument<string?>("scenario") { Description = "Scenario file, or a built-in name (default: worldcup-2022): gives the ladder and network mix.", Arity = ArgumentArity.ZeroOrOne };
        var viewers = new Option<int>("--viewers", "-n") { Description = "Number of viewers.", DefaultValueFactory = _ => 100_000 };
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
        var format = new Option<string>("--format", "-f") { Description = "Output: table, json, markdown or csv (csv: one line per viewer).", DefaultValueFactory = _ => "table" };
        format.Validators.Add(r => Formats.Validate(format, r));
        var output = Formats.OutOption();
        var command = new Command("players", "Simulate adaptive-bitrate players over real or synthetic networks: startup, stalls, bitrate, switches, abandonment.")
        {
            file, viewers, abr, mode, traces, trace, seed, watch, multiplier, abandon, patient, anyScreen, threads, format, output,
        };
        command.SetAction(parse => CommandRunner.Run(() =>
        {
            var (scenario, _, _) = ScenarioSource.Load(parse.GetValue(file));
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
            var fmt = parse.GetValue(format)!;
            var outPath = parse.GetValue(output);
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
                    var report = PlayersReport.Session(run, one, PlayerRunner.RunSingle(run, one));
                    CommandRunner.Emit(Formats.Render(report, fmt == "csv" ? "csv" : fmt, outPath is not null, () => JsonOutput.Serialize(report)), outPath);
                    return CommandRunner.Ok;
                }
                var sw = Stopwatch.StartNew();
                var result = RunWithProgress(run);
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
                else text = Formats.Render(PlayersReport.Population(run, result), fmt, outPath is not null, () => JsonOutput.Serialize(PlayersReport.Json(run, result)));
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

    private static PopulationResult RunWithProgress(PlayersRun run)
    {
        if (Console.IsErrorRedirected) return PlayerRunner.RunPopulation(run);
        PopulationResult? result = null;
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
        console.Progress().AutoClear(true).Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
            .Start(ctx =>
            {
                var task = ctx.AddTask($"{run.Viewers:N0} viewers", maxValue: 1);
                result = PlayerRunner.RunPopulation(run, new Progress(task));
            });
        return result!;
    }

    private sealed class Progress(ProgressTask task) : IProgress<double>
    {
        private readonly Lock _gate = new();

        public void Report(double value)
        {
            lock (_gate)
                if (value > task.Value) task.Value = value;
        }
    }
}
