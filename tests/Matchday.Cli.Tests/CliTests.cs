using Matchday.Core.Scenarios;
using System.Text.Json;

namespace Matchday.Cli.Tests;

[Collection("console")]
public sealed class CliTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("matchday-cli-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string BadScenario(string find, string replace)
    {
        var (_, yaml, _) = CliRunner.Run("scenario", "export");
        Assert.Contains(find, yaml);
        var path = Path.Combine(_dir, "bad.yaml");
        File.WriteAllText(path, yaml.Replace(find, replace, StringComparison.Ordinal));
        return path;
    }

    [Fact]
    public void Plan_on_the_builtin_scenario_prints_the_seed_figures()
    {
        var (code, output, _) = CliRunner.Run("plan");
        Assert.Equal(0, code);
        Assert.Contains("4.74 Pbps", output);
        Assert.Contains("5.92 Pbps", output);
        Assert.Contains("148,050", output);
        foreach (var section in new[] { "Regions at peak", "CDNs at peak", "Origin and shields", "Encoding", "ABR", "Platform services", "Tournament cost", "SLOs and error budget", "Audit" })
            Assert.Contains(section, output);
    }

    [Fact]
    public void Plan_json_is_complete_and_machine_readable()
    {
        var (code, output, _) = CliRunner.Run("plan", "--format", "json");
        Assert.Equal(0, code);
        using var doc = JsonDocument.Parse(output);
        var delivery = doc.RootElement.GetProperty("match").GetProperty("delivery");
        Assert.Equal(4.7376e15, delivery.GetProperty("peak_egress").GetDouble(), 1e3);
        Assert.Equal(148_050, delivery.GetProperty("servers_needed").GetInt64());
        Assert.Equal(180, doc.RootElement.GetProperty("match").GetProperty("audience").GetProperty("ramp").GetArrayLength());
        Assert.True(doc.RootElement.GetProperty("audit").GetArrayLength() > 5);
        Assert.Equal("critical", doc.RootElement.GetProperty("audit")[0].GetProperty("severity").GetString());
    }

    [Theory]
    [InlineData("markdown", "| peak concurrent viewers | 1.68B |")]
    [InlineData("csv", "match.delivery.peak_egress,4737600000000000,bit/s,")]
    public void Plan_renders_markdown_and_csv(string format, string expected)
    {
        var (code, output, _) = CliRunner.Run("plan", "--format", format);
        Assert.Equal(0, code);
        Assert.Contains(expected, output);
    }

    [Fact]
    public void Plan_of_another_stage_and_of_a_user_file()
    {
        var (code, output, _) = CliRunner.Run("plan", "--match", "semi");
        Assert.Equal(0, code);
        Assert.Contains("Peak of one semi match", output);
        (code, output, _) = CliRunner.Run("plan", CliRunner.Example("cricket-final.yaml"), "--match", "final");
        Assert.Equal(0, code);
        Assert.Contains("60.0M", output);
        Assert.Contains("80.4 Tbps", output);
    }

    [Fact]
    public void Availability_option_shows_the_burn()
    {
        var (code, output, _) = CliRunner.Run("plan", "--availability", "99.97%", "--availability", "99.9%");
        Assert.Equal(0, code);
        // 0.03% / 0.05% = 0.6: 60% used, 8.64 min of 21.6 left; 0.1% / 0.05% = 2x: exhausted
        Assert.Contains("burn rate 0.60x", output);
        Assert.Contains("60% used, 8.64 min left", output);
        Assert.Contains("burn rate 2.00x", output);
        Assert.Equal(2, CliRunner.Run("plan", "--availability", "0.999").Code);
    }

    [Fact]
    public void Out_writes_the_file_whole()
    {
        var path = Path.Combine(_dir, "plan.json");
        var (code, output, _) = CliRunner.Run("plan", "--format", "json", "--out", path);
        Assert.Equal(0, code);
        Assert.Equal("", output);
        using var doc = JsonDocument.Parse(File.ReadAllText(path));
        Assert.Equal("worldcup-2022", doc.RootElement.GetProperty("scenario").GetString());
        Assert.Empty(Directory.GetFiles(_dir, "*.tmp"));
    }

    [Theory] // Regression: each wrote a table under a name that says another format.
    [InlineData("simulate", "night.csv", "simulate does not write csv (.csv); it writes table, json, markdown: name the file .json, .md, .markdown, .txt, or give --format")]
    [InlineData("plan", "plan.html", "plan does not write html (.html); it writes table, json, markdown, csv")]
    [InlineData("diff", "changes.CSV", "diff does not write csv (.csv)")]
    public void An_out_name_of_a_format_the_command_does_not_write_exits_2_and_writes_nothing(string command, string name, string expected)
    {
        var path = Path.Combine(_dir, name);
        string[] args = command == "diff" ? [command, "worldcup-2022", CliRunner.Example("cricket-final.yaml"), "--out", path] : [command, "--out", path];
        var (code, output, error) = CliRunner.Run(args);
        Assert.Equal(2, code);
        Assert.Equal("", output);
        Assert.Contains($"error: --out {path}: {expected}", error);
        Assert.False(File.Exists(path));
        // An explicit --format writes what it names, whatever the file is called.
        if (command == "plan") Assert.Equal(0, CliRunner.Run(command, "--out", path, "--format", "markdown").Code);
    }

    [Fact]
    public void Bad_scenario_exits_2_with_located_errors_and_writes_nothing()
    {
        var bad = BadScenario("server_capacity: 40 Gbps", "server_capacity: 40");
        var path = Path.Combine(_dir, "out.json");
        var (code, output, error) = CliRunner.Run("plan", bad, "--format", "json", "--out", path);
        Assert.Equal(2, code);
        Assert.Equal("", output);
        Assert.Matches(@"bad\.yaml:\d+:20 delivery\.server_capacity: '40' has no unit", error);
        Assert.False(File.Exists(path));
    }

    [Fact]
    public void Bad_options_exit_2()
    {
        Assert.Equal(2, CliRunner.Run("plan", "--match", "quidditch").Code);
        Assert.Equal(2, CliRunner.Run("plan", "--format", "xml").Code);
        Assert.Equal(2, CliRunner.Run("plan", "--no-such-option").Code);
        Assert.Equal(2, CliRunner.Run("plan", Path.Combine(_dir, "missing.yaml")).Code);
        Assert.Equal(2, CliRunner.Run("plan", "--out", Path.Combine(_dir, "no", "such", "dir.txt")).Code);
    }

    [Fact]
    public void Audit_lists_findings_and_strict_fails_on_errors()
    {
        var (code, output, _) = CliRunner.Run("audit");
        Assert.Equal(0, code);
        Assert.Contains("region-audience-sum", output);
        Assert.Contains("capacity-slo-bandwidth", output);
        Assert.Equal(1, CliRunner.Run("audit", "--strict").Code);
        Assert.Equal(0, CliRunner.Run("audit", CliRunner.Example("cricket-final.yaml"), "--strict").Code);
    }

    [Fact]
    public void Export_then_validate_round_trips()
    {
        var path = Path.Combine(_dir, "my.yaml");
        Assert.Equal(0, CliRunner.Run("scenario", "export", "--out", path).Code);
        var (code, output, _) = CliRunner.Run("scenario", "validate", path, CliRunner.Example("cricket-final.yaml"));
        Assert.Equal(0, code);
        Assert.Contains("my.yaml: ok (worldcup-2022", output);
        Assert.Contains("cricket-final.yaml: ok", output);
    }

    [Fact]
    public void Validate_reports_every_error_of_every_file()
    {
        var bad = BadScenario("dns_ttl: 30 s", "dns_ttl: 30\n  ttl_typo: 1 s");
        var (code, _, error) = CliRunner.Run("scenario", "validate", bad);
        Assert.Equal(2, code);
        Assert.Contains("failover.dns_ttl: '30' has no unit", error);
        Assert.Contains("failover.ttl_typo: unknown field", error);
        Assert.Contains("2 error(s)", error);
    }

    [Fact]
    public void Show_and_schema_work()
    {
        var (code, output, _) = CliRunner.Run("scenario", "show");
        Assert.Equal(0, code);
        Assert.Contains("Reported figures", output);
        (code, output, _) = CliRunner.Run("scenario", "schema");
        Assert.Equal(0, code);
        using var doc = JsonDocument.Parse(output);
        Assert.True(doc.RootElement.GetProperty("properties").TryGetProperty("delivery", out _));
    }

    [Fact]
    public void Simulate_writes_series_timeline_summary_and_charts()
    {
        var dir = Path.Combine(_dir, "night");
        var (code, output, error) = CliRunner.Run("simulate", "--fault", "cdn-outage provider=akamai region=eu at=67m for=10m", "--out-dir", dir);
        Assert.True(code == 1, error); // objectives broken: the gate's exit code
        Assert.Contains("Incident timeline", output);
        Assert.Contains("GSLB marks europe/akamai down", output);
        Assert.Contains("BROKEN", output);
        foreach (var f in new[] { "series.csv", "cells.csv", "timeline.csv", "summary.json", "viewers.png", "origin.png", "latency.png", "egress.png", "bitrate-mix.png" })
            Assert.True(File.Exists(Path.Combine(dir, f)), f);
        var lines = File.ReadAllLines(Path.Combine(dir, "series.csv"));
        Assert.Equal(180 * 60 + 1, lines.Length);
        Assert.StartsWith("time_s,demand,joining,playing,stalled,failed,abandoned", lines[0], StringComparison.Ordinal);
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "summary.json")));
        Assert.Equal("final", doc.RootElement.GetProperty("stage").GetString());
        Assert.True(doc.RootElement.GetProperty("budget_used").GetDouble() > 0);
        Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, File.ReadAllBytes(Path.Combine(dir, "viewers.png")).Take(4));
    }

    [Fact]
    public void Simulate_json_summary_of_a_user_scenario()
    {
        var (code, output, error) = CliRunner.Run("simulate", CliRunner.Example("cricket-final.yaml"), "--format", "json");
        Assert.True(code == 0, error);
        using var doc = JsonDocument.Parse(output);
        Assert.Equal("cricket-final", doc.RootElement.GetProperty("scenario").GetString());
        Assert.All(doc.RootElement.GetProperty("slos").EnumerateArray(), v => Assert.True(v.GetProperty("met").GetBoolean(), v.GetProperty("objective").GetString()));
    }

    [Fact]
    public void A_night_with_every_join_rejected_reports_startup_as_never_and_broken()
    {
        // Every viewer who pressed play was turned away until they gave up: none saw a frame.
        var fault = "auth-degradation capacity=0% at=0m for=10h";
        var (code, output, error) = CliRunner.Run("simulate", CliRunner.Example("cricket-final.yaml"), "--fault", fault, "--format", "json");
        Assert.True(code == 1, error);
        using var doc = JsonDocument.Parse(output);
        var startup = doc.RootElement.GetProperty("slos").EnumerateArray().Single(v => v.GetProperty("objective").GetString() == "startup_p95");
        Assert.Equal(JsonValueKind.Null, startup.GetProperty("measured").ValueKind);
        Assert.False(startup.GetProperty("met").GetBoolean());
        Assert.True(doc.RootElement.GetProperty("turned_away").GetDouble() > 0);
        var (_, table, _) = CliRunner.Run("simulate", CliRunner.Example("cricket-final.yaml"), "--fault", fault, "--no-fail");
        var row = table.Split('\n').Single(l => l.Contains("startup p95"));
        Assert.Matches(@"\d s\s+│\s+never \(gave up\)\s+│ BROKEN\s+│ over every join of the match; 100% turned away by the token service", row);
        Assert.Matches(@"turned away, gave up\s+│\s+[\d.]+[kMB]? \(100% of joins\)", table);
    }

    [Fact]
    public void A_night_that_admits_nobody_shows_its_viewing_objectives_as_not_measured()
    {
        // Nobody watching at kick-off and every join rejected: nothing was played, stalled or requested.
        string[] args = ["simulate", "--set", "tournament.timeline.pre-match.from=0%", "--fault", "auth-degradation capacity=0% at=0m", "--no-runbook", "--no-fail"];
        var (code, table, error) = CliRunner.Run([.. args, "--players", "200"]);
        Assert.True(code == 0, error);
        Assert.Matches(@"rebuffering \(players\)\s+│\s+2%\s+│ -\s+│ BROKEN\s+│ no sampled session played \(200 of 200 never started\): nothing measured, and not met", table);
        Assert.Matches(@"startup p95 \(players\)\s+│\s+2 s\s+│ never \(gave up\)\s+│ BROKEN\s+│ over 200 sampled sessions, 200 never started", table);
        var (_, json, _) = CliRunner.Run([.. args, "--format", "json"]);
        using var doc = JsonDocument.Parse(json);
        foreach (var name in new[] { "rebuffering", "quality_switches", "latency_p95", "latency_p99" })
        {
            var v = doc.RootElement.GetProperty("slos").EnumerateArray().Single(x => x.GetProperty("objective").GetString() == name);
            Assert.Equal(JsonValueKind.Null, v.GetProperty("measured").ValueKind);
            Assert.False(v.GetProperty("met").GetBoolean(), name);
        }
        var (_, fleet, _) = CliRunner.Run(args);
        Assert.Matches(@"latency p95\s+│\s+150 ms\s+│ -\s+│ BROKEN\s+│ no segment was requested: nothing measured, and not met", fleet);
        Assert.Matches(@"quality switches\s+│\s+0.05/min\s+│ -\s+│ BROKEN\s+│ no viewer played: nothing measured, and not met", fleet);
    }

    [Theory]
    [InlineData("cdn-outage provider=akamai at=soon", "error: --fault \"cdn-outage provider=akamai at=soon\" col 31: bad at 'soon'")]
    [InlineData("cdn-outage provider=limelight at=10m", "col 21: unknown CDN 'limelight': expected one of cloudflare, akamai, fastly, cloudfront")]
    [InlineData("meteor-strike at=10m", "error: --fault \"meteor-strike at=10m\" col 1: unknown fault kind 'meteor-strike'")]
    public void Simulate_rejects_bad_faults_with_exit_2(string fault, string expected)
    {
        var dir = Path.Combine(_dir, "bad-night");
        var (code, _, error) = CliRunner.Run("simulate", "--fault", fault, "--out", dir);
        Assert.Equal(2, code);
        Assert.Contains(expected, error);
        Assert.False(Directory.Exists(dir));
    }

    [Fact]
    public void Faults_in_the_scenario_file_are_located()
    {
        var bad = BadScenario("faults: []", "faults:\n  - \"cdn-outage provider=akamai at=67m for=ten\"");
        var (code, _, error) = CliRunner.Run("simulate", bad);
        Assert.Equal(2, code);
        Assert.Matches(@"bad\.yaml:\d+:\d+ faults\[0\]:", error);
    }

    [Fact]
    public void Simulate_takes_extra_rules_and_rejects_bad_ones()
    {
        var (code, output, error) = CliRunner.Run("simulate", "--no-runbook", "--fault", "cdn-outage provider=akamai region=eu at=67m for=10m",
            "--rule", "shed: latency_p95 > 100ms for 30s then cap-quality 480p after 30s", "--no-fail");
        Assert.True(code == 0, error);
        Assert.Contains("shed: inactive -> pending", output);
        (code, _, error) = CliRunner.Run("simulate", "--rule", "shed: latency_p95 > 100ms for 30s then reboot-internet");
        Assert.Equal(2, code);
        Assert.Contains("error: --rule \"shed: latency_p95 > 100ms for 30s then reboot-internet\" col 40: unknown action 'reboot-internet'", error);
    }

    [Fact]
    public void The_builtin_runbook_is_accepted_by_rule_verbatim()
    {
        // Each rule as the scenario file writes it, pasted into --rule in its one-line form; the built-in runbook is off so
        // the names do not clash, and the night is the same as with the built-in runbook on.
        var outage = "cdn-outage provider=akamai region=eu at=67m for=10m";
        var (code, expected, error) = CliRunner.Run("simulate", "--fault", outage, "--format", "json", "--no-fail");
        Assert.True(code == 0, error);
        var args = new List<string> { "simulate", "--no-runbook", "--fault", outage, "--format", "json", "--no-fail" };
        foreach (var rule in Presets.Load().Runbook) args.AddRange(["--rule", rule.ToString()]);
        Assert.Contains("--rule", args);
        Assert.Contains("fail-over us-east to eu-west, scale-origins 40 eu-west", string.Join(' ', args));
        (code, var pasted, error) = CliRunner.Run([.. args]);
        Assert.True(code == 0, error);
        Assert.Equal(expected, pasted);
        // And as the file's actions read, word for word: "fail-over us-east eu-west".
        (code, _, error) = CliRunner.Run("simulate", "--rule", "dr: regions_failed > 0 for 30 s then fail-over us-east eu-west, scale-origins 40 eu-west, promote-replica eu-west after 30 s", "--no-runbook", "--format", "json", "--no-fail");
        Assert.True(code == 0, error);
    }

    [Theory]
    [InlineData("--rule", "x: latency_p95 > 500 then activate-all-cdns", "col 18: '500': latency_p95 takes a duration threshold")]
    [InlineData("--rule", "x: latency_p95 > 500 ms then cap-quality 8k", "col 42: unknown rung '8k'")]
    [InlineData("--rule", "x: regions_failed > 0 then fail-over us-east mars", "col 46: unknown origin region 'mars'")]
    [InlineData("--rule", "x: regions_failed > 0 then set-hpa-max encoding 10", "col 40: unknown autoscaler 'encoding'")]
    [InlineData("--rule", "x: viewer_dropout > 1000/s then scale-origins -3", "col 47: '-3': expected a whole number of replicas")]
    [InlineData("--rule", "x: cache_hit_ratio < 150% then activate-all-cdns", "col 22: '150%': cache_hit_ratio takes a percent threshold")]
    [InlineData("--fault", "cdn-outage provider=akamai at=200m", "col 31: at=200m is not before the end of the final's 3 h")]
    [InlineData("--fault", "cdn-outage provider=akamai at=10m for=0s", "col 39: bad for '0s'")]
    [InlineData("--fault", "traffic-surge factor=50x at=10m", "col 22: bad factor '50x'")]
    [InlineData("--fault", "auth-degradation capacity=-5% at=10m", "col 27: bad capacity '-5%'")]
    [InlineData("--fault", "encoder-failure input=99 at=10m", "col 23: input=99: the scenario has 50 encoder input(s)")]
    [InlineData("--fault", "cache-fail-open region=antarctica at=10m", "col 24: unknown region 'antarctica'")]
    [InlineData("--fault", "- encoder-failure input=1 at=1m", "col 1: unknown fault kind '-'")] // was "unknown option '- encoder-failure input'"
    [InlineData("--rule", "- cpu: encoding_cpu > 80% then scale-origins 5", "col 3: 'cpu': expected ':' after the rule name")]
    public void Every_kind_of_mistake_on_the_command_line_is_located_and_exits_2(string option, string spec, string expected)
    {
        var (code, output, error) = CliRunner.Run("simulate", option, spec);
        Assert.Equal(2, code);
        Assert.Empty(output);
        Assert.Contains($"error: {option} \"{spec}\" {expected}", error);
    }

    [Theory]
    [InlineData("faults: []", "faults: [\"cdn-outage provider=akamia at=67m\"]", "unknown CDN 'akamia'")]
    [InlineData("faults: []", "faults: [\"traffic-surge factor=0 at=67m\"]", "bad factor '0'")]
    [InlineData("faults: []", "faults: [\"origin-region-loss region=us-west at=67m\"]", "unknown origin region 'us-west'")]
    [InlineData("when: latency_p95 > 500 ms", "when: latency_p95 > 500", "latency_p95 takes a duration threshold")]
    [InlineData("actions: [scale-origins 75, activate-secondary-cdn]", "actions: [scale-origins 0, activate-secondary-cdn]", "expected a whole number of replicas")]
    [InlineData("actions: [set-hpa-max encoding-hpa 150, cap-quality 720p, activate-all-cdns]", "actions: [set-hpa-max encoding-hpa 150, cap-quality 540p, activate-all-cdns]", "unknown rung '540p'")]
    public void Every_kind_of_mistake_in_the_file_is_located_by_validate_plan_and_simulate(string find, string replace, string expected)
    {
        var bad = BadScenario(find, replace);
        foreach (var command in new[] { "scenario validate", "plan", "simulate" })
        {
            var (code, output, error) = CliRunner.Run([.. command.Split(' '), bad]);
            Assert.True(code == 2, $"{command}: exit {code}");
            Assert.Empty(output);
            Assert.Matches(@"bad\.yaml:\d+:\d+ (faults|runbook)\[\d\]", error);
            Assert.Contains(expected, error);
        }
    }

    [Fact]
    public void The_committed_scenario_reference_is_what_the_schema_generates()
    {
        var (code, output, _) = CliRunner.Run("scenario", "docs");
        Assert.Equal(0, code);
        Assert.Contains("| `prices.cdn` | yes | price per data or a list |", output);
        // docs/scenario.md must be regenerated (matchday scenario docs --out docs/scenario.md) when the format changes.
        Assert.Equal(output, File.ReadAllText(Path.Combine(RepoPaths.Root, "docs", "scenario.md")));
    }
}
