using System.Diagnostics;
using System.Text.Json;
using System.Text.RegularExpressions;
using Matchday.Core.Scenarios;
using Matchday.Core.Scenarios.Reading;
using Matchday.Core.Units;
using Matchday.Simulation.Events;

namespace Matchday.Cli.Tests.Fuzz;

/// <summary>
/// No input makes a command crash, hang or grow without bound. A seeded mutator makes mutants of the built-in scenario
/// and of every example (and of fault and rule specs); each goes through the CLI, in process, and must end with exit 0
/// (and its output written whole) or exit 2 (every error located, nothing written), within a time and allocation
/// budget. MATCHDAY_FUZZ_SEED and MATCHDAY_FUZZ_COUNT run other or more mutants; a mutant that fails is saved so it
/// can join Fuzz/Regressions, which are run on every build.
/// </summary>
[Collection("console")]
public sealed class FuzzTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("matchday-fuzz-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static int Seed => int.TryParse(Environment.GetEnvironmentVariable("MATCHDAY_FUZZ_SEED"), out var s) ? s : 9;
    private static int Count(int fallback) => int.TryParse(Environment.GetEnvironmentVariable("MATCHDAY_FUZZ_COUNT"), out var n) ? n : fallback;

    /// <summary>A mutant's budget: far above what a scenario costs (a few ms, a few MB), far below what a runaway input would.</summary>
    private static readonly TimeSpan TimeBudget = TimeSpan.FromSeconds(10);
    private const long AllocationBudget = 512L << 20;

    private static readonly string[] Commands = ["plan --format json", "audit --format json", "scenario show --format json", "plan --format csv --ramp"];

    private static IEnumerable<(string Name, string Text)> Originals() =>
        new[] { ("worldcup-2022", Presets.Text(Presets.Default)!) }
            .Concat(Directory.GetFiles(Path.Combine(RepoPaths.Root, "examples"), "*.yaml").Order(StringComparer.Ordinal).Select(p => (Path.GetFileName(p), File.ReadAllText(p))));

    [Fact]
    public void Mutated_scenarios_exit_0_or_2_with_located_errors_and_write_nothing_on_failure()
    {
        var originals = Originals().ToList();
        var mutator = new Mutator(Seed);
        var count = Count(600);
        var (ok, bad, simulated) = (0, 0, 0);
        for (var i = 0; i < count; i++)
        {
            var (name, text) = originals[i % originals.Count];
            var bytes = mutator.MutateFile(text);
            var command = Commands[i / originals.Count % Commands.Length];
            var outcome = RunFile(bytes, command, $"mutant {i} of {name} (seed {Seed})");
            if (outcome == 0) ok++;
            else bad++;
            // Now and then a valid mutant's night too, on a coarse tick to stay fast.
            if (outcome == 0 && ok % 40 == 1 && simulated < 8)
            {
                simulated++;
                Simulate(bytes, $"mutant {i} of {name} (seed {Seed})");
            }
        }
        // The mutator must exercise both outcomes.
        Assert.True(bad > count / 4, $"{bad} of {count} mutants refused");
        Assert.True(ok > count / 20, $"{ok} of {count} mutants accepted");
    }

    [Fact]
    public void Every_case_the_fuzzer_found_is_refused_or_planned_cleanly()
    {
        var files = Directory.GetFiles(Path.Combine(RepoPaths.Root, "tests", "Matchday.Cli.Tests", "Fuzz", "Regressions"), "*.yaml");
        Assert.NotEmpty(files);
        foreach (var file in files.Order(StringComparer.Ordinal))
        {
            foreach (var command in Commands) RunFile(File.ReadAllBytes(file), command, Path.GetFileName(file));
        }
    }

    [Fact]
    public void Mutated_fault_and_rule_specs_are_located_errors_or_compile()
    {
        var scenario = Presets.Load();
        var mutator = new Mutator(Seed + 1);
        var count = Count(600);
        var regressions = Path.Combine(RepoPaths.Root, "tests", "Matchday.Cli.Tests", "Fuzz", "Regressions");
        var specs = File.ReadAllLines(Path.Combine(regressions, "faults.txt")).Select(s => ("--fault", s))
            .Concat(File.ReadAllLines(Path.Combine(regressions, "rules.txt")).Select(s => ("--rule", s)))
            .Concat(Enumerable.Range(0, count).Select(i => i % 2 == 0 ? ("--fault", mutator.MutateSpec(Mutator.FaultSeeds[i / 2 % Mutator.FaultSeeds.Length])) : ("--rule", mutator.MutateSpec(Mutator.RuleSeeds[i / 2 % Mutator.RuleSeeds.Length]))))
            .Where(x => x.Item2.Length > 0 && !x.Item2.StartsWith('#'))
            .ToList();
        var (compiled, refused, simulated) = (0, 0, 0);
        foreach (var (option, spec) in specs)
        {
            var source = SpecSource.Option(option, spec);
            // Compiled at the command line's tick (a fault's length is checked against it: for=5s is refused at a 10 s
            // tick, accepted at 1 s); the few nights simulated run at a 10 s tick, to keep the test quick.
            var request = new NightRequest { Faults = option == "--fault" ? [source] : [], Rules = option == "--rule" ? [source] : [] };
            var watch = Stopwatch.StartNew();
            var night = NightSetup.Compile(scenario, request);
            Assert.True(watch.Elapsed < TimeBudget, $"{option} \"{spec}\" took {watch.Elapsed}");
            if (night.Ok)
            {
                compiled++;
                if (simulated < 6 && NightSetup.Compile(scenario, request with { Tick = Duration.FromSeconds(10) }) is { Ok: true } coarse)
                {
                    simulated++;
                    EventSimulator.Run(coarse.Model!);
                }
                continue;
            }
            refused++;
            // Located at the option and column, or (a name the scenario's runbook already has) at the option itself.
            Assert.All(night.Errors, e => Assert.True(e.File == option && e.Column >= 1 || e.File.Length == 0 && e.Field == option.TrimStart('-'), $"{option} \"{spec}\": unlocated {e}"));
            // ... and the command line says the same, exit 2, nothing written.
            if (refused % 10 == 1)
            {
                var dir = Path.Combine(_dir, "night");
                var (code, output, error) = CliRunner.Run("simulate", option, spec, "--out", dir);
                Assert.True(code == 2, $"{option} \"{spec}\": exit {code}\n{error}");
                Assert.Empty(output);
                Assert.True(error.Contains($"error: {option} \"{spec}\" col ", StringComparison.Ordinal) || error.StartsWith($"error: {option}: ", StringComparison.Ordinal), error);
                Assert.False(Directory.Exists(dir));
            }
        }
        Assert.True(refused > specs.Count / 4 && compiled > 10, $"{refused} refused, {compiled} compiled");
    }

    /// <summary>Runs one command on one file; returns its exit code after checking everything a failure must not do.</summary>
    private int RunFile(byte[] bytes, string command, string what)
    {
        var path = Path.Combine(_dir, "mutant.yaml");
        File.WriteAllBytes(path, bytes);
        var output = Path.Combine(_dir, "out.txt");
        if (File.Exists(output)) File.Delete(output);
        var args = command.Split(' ').Concat([path, "--out", output]).ToArray();
        var allocated = GC.GetAllocatedBytesForCurrentThread();
        var watch = Stopwatch.StartNew();
        (int Code, string Out, string Err) run;
        try
        {
            run = CliRunner.Run(args);
        }
        catch (Exception e)
        {
            Assert.Fail($"{what}: {command} threw {e.GetType().Name}: {e.Message}\nsaved as {Save(bytes)}");
            throw;
        }
        var elapsed = watch.Elapsed;
        var bytesAllocated = GC.GetAllocatedBytesForCurrentThread() - allocated;
        string Context() => $"{what}: {command} exit {run.Code}, saved as {Save(bytes)}\n{run.Err}";
        if (run.Code is not (0 or 2) || elapsed > TimeBudget || bytesAllocated > AllocationBudget || run.Err.Contains("   at ", StringComparison.Ordinal) || run.Err.Contains("Exception", StringComparison.Ordinal))
            Assert.Fail(Context() + $"\n{elapsed}, {bytesAllocated:N0} bytes");
        if (run.Code == 0)
        {
            Assert.True(File.Exists(output), Context());
            var written = File.ReadAllText(output);
            if (command.Contains("json", StringComparison.Ordinal)) using (JsonDocument.Parse(written)) { }
            // A figure that overflowed or divided zero by zero is a wrong answer, not a plan. A name the file gave
            // ("Infinity-to-10", a mutant's network class) is echoed as written: leave those out of the search.
            var figures = written;
            foreach (var name in Regex.Matches(System.Text.Encoding.UTF8.GetString(bytes), @"[^\s,:{}\[\]""'#]+").Select(m => m.Value)
                         .Where(t => Regex.IsMatch(t, @"Infinity|NaN|∞") && !Regex.IsMatch(t, @"^[+-]?(Infinity|NaN|∞)$")).Distinct().OrderByDescending(t => t.Length))
                figures = figures.Replace(name, "", StringComparison.Ordinal);
            Assert.False(Regex.IsMatch(figures, @"\bInfinity\b|\bNaN\b|∞"), Context() + "\nan infinite or undefined figure in the output");
            return 0;
        }
        Assert.False(File.Exists(output), Context());
        Assert.Empty(Directory.GetFiles(_dir, "*.tmp"));
        var lines = run.Err.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(lines.Length > 0 && Regex.IsMatch(lines[^1], @"^\d+ error\(s\); nothing was written\.$"), Context());
        var located = new Regex("^error: " + Regex.Escape(path) + @"(:[1-9][0-9]*:[1-9][0-9]* .+?: | \(file\): ).+");
        foreach (var line in lines[..^1].Where(l => !Regex.IsMatch(l, @"^\([0-9,]+ more errors not shown\)$")))
            Assert.True(located.IsMatch(line), Context() + "\nunlocated: " + line);
        return 2;
    }

    /// <summary>The night of a valid mutant, on a 10 s tick: set up and played without an exception.</summary>
    private static void Simulate(byte[] bytes, string what)
    {
        var read = ScenarioReader.Read(bytes, "mutant.yaml");
        Assert.True(read.Ok, what);
        var night = NightSetup.Compile(read.Scenario!, new NightRequest { Tick = Duration.FromSeconds(10) });
        if (!night.Ok) return;
        var watch = Stopwatch.StartNew();
        EventSimulator.Run(night.Model!);
        Assert.True(watch.Elapsed < TimeBudget * 3, $"{what}: the night took {watch.Elapsed}");
    }

    /// <summary>Keeps a failing mutant where a developer can copy it into Fuzz/Regressions.</summary>
    private static string Save(byte[] bytes)
    {
        var path = Path.Combine(Path.GetTempPath(), $"matchday-fuzz-{Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(bytes))[..12]}.yaml");
        File.WriteAllBytes(path, bytes);
        return path;
    }
}
