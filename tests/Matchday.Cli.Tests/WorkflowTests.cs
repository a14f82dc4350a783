using System.Text.Json;
using System.Text.Json.Nodes;
using NJsonSchema;

namespace Matchday.Cli.Tests;

/// <summary>Overrides, sweeps, diffs, gates, exit codes, output paths and formats, data outputs and their schemas.</summary>
[Collection("console")]
public sealed class WorkflowTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("matchday-workflow-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string PathIn(string name) => Path.Combine(_dir, name);

    [Fact]
    public void Set_changes_the_figures_and_is_echoed_in_every_output()
    {
        var (code, json, err) = CliRunner.Run("plan", "--set", "stages.final.peak_viewers=2B", "--format", "json");
        Assert.True(code == 0, err);
        var doc = JsonNode.Parse(json)!;
        Assert.Equal("plan", doc["kind"]!.GetValue<string>());
        Assert.Equal("stages.final.peak_viewers", doc["inputs"]!["overrides"]![0]!["path"]!.GetValue<string>());
        // 2B x 2.82 Mbps: the device mix 35% x 1.2 + 45% x 2.4 + 15% x 4.8 + 5% x 12 = 2.82 Mbps, so 5.64 Pbps.
        Assert.Equal(2e9 * 2.82e6, doc["match"]!["delivery"]!["peak_egress"]!.GetValue<double>(), 1e6);
        var (_, table, _) = CliRunner.Run("plan", "--set", "stages.final.peak_viewers=2B");
        Assert.Contains("--set stages.final.peak_viewers", table);
        Assert.Contains("5.64 Pbps", table);
        var (_, csv, _) = CliRunner.Run("plan", "--set", "stages.final.peak_viewers=2B", "--format", "csv");
        Assert.Contains("inputs.overrides[stages.final.peak_viewers],,,2B", csv);
        var (_, audit, _) = CliRunner.Run("audit", "--set", "stages.final.peak_viewers=2B", "--format", "json");
        Assert.Equal("2B", JsonNode.Parse(audit)!["inputs"]!["overrides"]![0]!["value"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("stages.final.peak_viewers=-3", "error: --set stages.final.peak_viewers=-3 tournament.stages[5].peak_viewers: must be a positive count")]
    [InlineData("stages.finale.peak_viewers=2B", "has no item 'finale' (did you mean 'final'?)")]
    [InlineData("delivery.server_capacty=40 Gbps", "did you mean 'server_capacity'?")]
    [InlineData("delivery.server_capacity=40", "'40' has no unit")]
    [InlineData("nonsense", "expected PATH=VALUE")]
    public void A_bad_set_is_a_located_error_and_exit_2(string set, string message)
    {
        foreach (var command in new[] { "plan", "audit", "simulate", "scenario show" })
        {
            var (code, output, err) = CliRunner.Run([.. command.Split(' '), "--set", set]);
            Assert.Equal(2, code);
            Assert.Equal("", output);
            Assert.Contains(message, err);
        }
    }

    [Fact]
    public void A_plan_sweep_prints_a_numeric_table_csv_and_json()
    {
        var (code, table, err) = CliRunner.Run("sweep", "--vary", "stages.final.peak_viewers=1.2B..2.4B:7", "--show", "servers,cost");
        Assert.True(code == 0, err);
        // 1.2B x 2.82 Mbps x 1.25 / 40 Gbps = 105,750 servers; 2.4B gives twice as many.
        Assert.Contains("105,750", table);
        Assert.Contains("211,500", table);
        var (_, csv, _) = CliRunner.Run("sweep", "--vary", "stages.final.peak_viewers=1.2B..2.4B:7", "--show", "servers", "--format", "csv");
        var lines = csv.TrimEnd().Split('\n');
        Assert.Equal("stages.final.peak_viewers,servers (count)", lines[0]);
        Assert.Equal(8, lines.Length);
        Assert.Equal("1.4B,123375", lines[2]);
        var (_, json, _) = CliRunner.Run("sweep", "--vary", "stages.final.peak_viewers=1.2B,2.4B", "--vary", "delivery.headroom_buffer=0%,25%", "--format", "json");
        var points = JsonNode.Parse(json)!["points"]!.AsArray();
        Assert.Equal(4, points.Count); // a grid: 2 x 2
        // 1.2B x 2.82 Mbps / 40 Gbps = 84,600 servers without headroom
        Assert.Equal(84_600, points[0]!["figures"]!["servers"]!.GetValue<double>());
        Assert.Equal(1.2e9, points[0]!["numbers"]!["stages.final.peak_viewers"]!.GetValue<double>());
        var chart = PathIn("sweep.png");
        Assert.Equal(0, CliRunner.Run("sweep", "--vary", "stages.final.peak_viewers=1.2B..2.4B:3", "--chart", chart).Code);
        Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, File.ReadAllBytes(chart).Take(4));
        // Regression: a chart named .txt was a PNG under that name.
        var (chartCode, chartOut, chartError) = CliRunner.Run("sweep", "--vary", "stages.final.peak_viewers=1.2B..2.4B:3", "--chart", PathIn("sweep.txt"));
        Assert.Equal(2, chartCode);
        Assert.Equal("", chartOut);
        Assert.Contains($"--chart {PathIn("sweep.txt")}: the chart is a PNG; name the file .png", chartError);
        Assert.False(File.Exists(PathIn("sweep.txt")));
    }

    [Fact] // Regression: --vary split every comma, so a thousands separator or a flow list could not be swept.
    public void A_sweep_value_holding_a_comma_is_quoted_or_a_flow_list()
    {
        var (code, csv, err) = CliRunner.Run("sweep", "--vary", "stages.final.peak_viewers=\"1,200,000,000\",\"2,400,000,000\"", "--show", "servers", "--format", "csv");
        Assert.True(code == 0, err);
        var lines = csv.TrimEnd().Split('\n');
        Assert.Equal(3, lines.Length);
        // The same figures as 1.2B and 2.4B (see the plan sweep above).
        Assert.EndsWith(",105750", lines[1]);
        Assert.EndsWith(",211500", lines[2]);
        var (flowCode, flow, flowErr) = CliRunner.Run("sweep", "--vary", "audience.networks[0].rungs=[720p,1080p],[1080p]", "--show", "servers", "--format", "json");
        Assert.True(flowCode == 0, flowErr);
        Assert.Equal(2, JsonNode.Parse(flow)!["points"]!.AsArray().Count);
        var (badCode, badOut, badErr) = CliRunner.Run("sweep", "--vary", "stages.final.peak_viewers=\"1,200");
        Assert.Equal(2, badCode);
        Assert.Equal("", badOut);
        Assert.Contains("the quote at character 1 is not closed", badErr);
    }

    [Fact]
    public void A_simulated_sweep_is_the_same_whatever_the_thread_count_and_gates_with_fail_on()
    {
        string[] args = ["sweep", "--vary", "stages.final.peak_viewers=1.2B,1.68B", "--simulate", "--capacity", "scenario", "--show", "servers,availability", "--format", "json"];
        var (code1, one, err1) = CliRunner.Run([.. args, "--threads", "1"]);
        var (code2, two, err2) = CliRunner.Run([.. args, "--threads", "2", "--fail-on", "availability < 99.95%"]);
        Assert.True(code1 == 0, err1);
        Assert.Equal(1, code2); // the declared capacities cannot carry the final
        Assert.Contains("gate failed: availability < 99.95% at 2 of 2 point(s)", err2);
        var (p1, p2) = (JsonNode.Parse(one)!["points"]!.ToJsonString(), JsonNode.Parse(two)!["points"]!.ToJsonString());
        Assert.Equal(p1, p2);
        Assert.Contains("availability", JsonNode.Parse(one)!["points"]![0]!["broken"]!.ToJsonString());
    }

    [Fact]
    public void A_sweep_of_the_token_service_shows_the_viewers_it_turns_away()
    {
        // The final's joins at the scenario's capacities: the fewer validations a second, the more viewers turned away.
        var (code, json, err) = CliRunner.Run("sweep", "--vary", "services.auth.capacity=2M/s,5M/s,20M/s", "--simulate", "--capacity", "scenario",
            "--show", "turned-away", "--format", "json");
        Assert.True(code == 0, err);
        var points = JsonNode.Parse(json)!["points"]!.AsArray();
        var turned = points.Select(p => p!["figures"]!["turned-away"]!.GetValue<double>()).ToArray();
        Assert.True(turned[0] > turned[1] && turned[1] > turned[2], string.Join(", ", turned));
        Assert.Equal(0, turned[2]);
        // The table writes viewers as the rest of Matchday does (163M, 16.5M), not as fluid figures to the last digit.
        var (_, table, _) = CliRunner.Run("sweep", "--vary", "services.auth.capacity=2M/s,5M/s,20M/s", "--simulate", "--capacity", "scenario", "--show", "turned-away");
        var cells = table.Split('\n').Where(l => l.StartsWith("│ ", StringComparison.Ordinal) && l.Contains("M/s", StringComparison.Ordinal))
            .Select(l => l.Split('│')[2].Trim()).ToArray();
        Assert.Equal(3, cells.Length);
        Assert.All(cells[..2], c => Assert.Matches(@"^\d+(\.\d+)?[kMB]$", c));
        Assert.Equal("0", cells[2]);
    }

    [Theory]
    [InlineData("stages.final.peak_viewers=1.2B..2.4B:1", "at least 2 steps")]
    [InlineData("stages.final.peak_viewers=2B..2B", "nothing to sweep")]
    [InlineData("stages.final.peak_viewers=1.2B..2400M", "different units")]
    [InlineData("stages.final.peak_viewers=-1B,1B", "(the point stages.final.peak_viewers=-1B) tournament.stages[5].peak_viewers: must be a positive count")]
    [InlineData("stages.finale.peak_viewers=1B,2B", "did you mean 'final'?")]
    public void A_vary_that_makes_no_sense_is_an_error_and_exit_2(string vary, string message)
    {
        var (code, output, err) = CliRunner.Run("sweep", "--vary", vary);
        Assert.Equal(2, code);
        Assert.Equal("", output);
        Assert.Contains(message, err);
    }

    [Fact]
    public void Sweep_refuses_night_figures_without_simulate_and_unknown_figures()
    {
        var (code, _, err) = CliRunner.Run("sweep", "--vary", "stages.final.peak_viewers=1B,2B", "--show", "availability");
        Assert.Equal(2, code);
        Assert.Contains("add --simulate", err);
        (code, _, err) = CliRunner.Run("sweep", "--vary", "stages.final.peak_viewers=1B,2B", "--show", "sevrers");
        Assert.Equal(2, code);
        Assert.Contains("did you mean 'servers'?", err);
        (code, _, err) = CliRunner.Run("sweep", "--vary", "stages.final.peak_viewers=1B,2B", "--fail-on", "servers >> 3");
        Assert.Equal(2, code);
    }

    [Fact]
    public void Diff_of_two_plans_lists_changed_figures_largest_first_and_exits_1()
    {
        var (a, b) = (PathIn("a.json"), PathIn("b.json"));
        Assert.Equal(0, CliRunner.Run("plan", "--out", a).Code);
        Assert.Equal(0, CliRunner.Run("plan", "--set", "stages.final.peak_viewers=2B", "--out", b).Code);
        var (code, json, err) = CliRunner.Run("diff", a, b, "--format", "json");
        Assert.True(code == 1, err);
        var doc = JsonNode.Parse(json)!;
        Assert.Equal("2B", doc["inputs"]![0]!["b"]!.GetValue<string>());
        var outputs = doc["outputs"]!.AsArray();
        var egress = outputs.Single(o => o!["key"]!.GetValue<string>() == "match.delivery.peak_egress")!;
        // (2B - 1.68B) / 1.68B = 19.05%
        Assert.Equal(0.32 / 1.68, egress["relative"]!.GetValue<double>(), 1e-6);
        var relatives = outputs.Select(o => o!["relative"]?.GetValue<double>()).Where(r => r is not null).Select(r => Math.Abs(r!.Value)).ToArray();
        Assert.Equal(relatives.OrderByDescending(r => r), relatives);
        // 2B viewers is beyond the capacity SLO's 1.8B: a finding appears.
        Assert.Contains(outputs, o => o!["key"]!.GetValue<string>() == "audit[capacity-slo-viewers].severity" && o["a"] is null);
        Assert.Equal(0, CliRunner.Run("diff", a, a).Code);
        var (_, markdown, _) = CliRunner.Run("diff", a, b, "--format", "markdown", "--limit", "1000");
        Assert.Contains("| match.delivery.peak_egress |", markdown);
    }

    [Fact]
    public void Diff_of_two_scenarios_shows_the_inputs_and_the_plan_figures()
    {
        var (_, yaml, _) = CliRunner.Run("scenario", "export");
        File.WriteAllText(PathIn("b.yaml"), yaml.Replace("{ name: final,       matches: 1,  peak_viewers: 1.68B }", "{ name: final,       matches: 1,  peak_viewers: 2B }", StringComparison.Ordinal));
        var (code, json, err) = CliRunner.Run("diff", "worldcup-2022", PathIn("b.yaml"), "--format", "json");
        Assert.True(code == 1, err);
        var doc = JsonNode.Parse(json)!;
        var input = Assert.Single(doc["inputs"]!.AsArray());
        Assert.Equal("tournament.stages[final].peak_viewers", input!["key"]!.GetValue<string>());
        Assert.Contains(doc["outputs"]!.AsArray(), o => o!["key"]!.GetValue<string>() == "match.delivery.servers_needed");
    }

    [Fact]
    public void Diff_with_set_compares_a_scenario_with_itself_changed_as_the_same_change_in_a_file_would()
    {
        // What a change does, without writing a second file: the same inputs and figures as the edited copy gives.
        var (_, yaml, _) = CliRunner.Run("scenario", "export");
        File.WriteAllText(PathIn("b.yaml"), yaml.Replace("{ name: final,       matches: 1,  peak_viewers: 1.68B }", "{ name: final,       matches: 1,  peak_viewers: 2B }", StringComparison.Ordinal));
        var (_, edited, _) = CliRunner.Run("diff", "worldcup-2022", PathIn("b.yaml"), "--format", "json");
        var (code, json, err) = CliRunner.Run("diff", "worldcup-2022", "--set", "stages.final.peak_viewers=2B", "--format", "json");
        Assert.True(code == 1, err);
        var doc = JsonNode.Parse(json)!;
        var input = Assert.Single(doc["inputs"]!.AsArray());
        Assert.Equal("tournament.stages[final].peak_viewers", input!["key"]!.GetValue<string>());
        Assert.Equal(("1.68B", "2B"), (input["a"]!.GetValue<string>(), input["b"]!.GetValue<string>()));
        Assert.Equal(JsonNode.Parse(edited)!["outputs"]!.ToJsonString(), doc["outputs"]!.ToJsonString());
        // The output says what b is, and so does the table's title.
        Assert.Equal("worldcup-2022 with --set stages.final.peak_viewers=2B", doc["b"]!.GetValue<string>());
        var (_, table, _) = CliRunner.Run("diff", "worldcup-2022", "--set", "stages.final.peak_viewers=2B");
        Assert.Contains("with --set stages.final.peak_viewers=2B", table, StringComparison.Ordinal);

        // --set also applies to a second scenario given.
        (code, _, err) = CliRunner.Run("diff", "worldcup-2022", PathIn("b.yaml"), "--set", "stages.final.peak_viewers=1.68B");
        Assert.True(code == 0, err);

        // Bad input: nothing to compare, a bad override, an override of a saved output.
        (code, _, err) = CliRunner.Run("diff", "worldcup-2022");
        Assert.Equal(2, code);
        Assert.Contains("give a second scenario or output, or --set", err, StringComparison.Ordinal);
        (code, _, err) = CliRunner.Run("diff", "worldcup-2022", "--set", "ladder.codec=vp9");
        Assert.Equal(2, code);
        Assert.Contains("--set ladder.codec=vp9", err, StringComparison.Ordinal);
        (code, _, err) = CliRunner.Run("diff", "worldcup-2022", "--set", "stages.final");
        Assert.Equal(2, code);
        Assert.Contains("expected PATH=VALUE", err, StringComparison.Ordinal);
        Assert.Equal(0, CliRunner.Run("plan", "--out", PathIn("p.json")).Code);
        (code, _, err) = CliRunner.Run("diff", PathIn("p.json"), PathIn("p.json"), "--set", "stages.final.peak_viewers=2B");
        Assert.Equal(2, code);
        Assert.Contains("--set changes a scenario", err, StringComparison.Ordinal);
    }

    [Fact]
    public void Diff_of_files_of_different_kinds_is_an_error_and_exit_2()
    {
        Assert.Equal(0, CliRunner.Run("plan", "--out", PathIn("plan.json")).Code);
        Assert.Equal(0, CliRunner.Run("audit", "--out", PathIn("audit.json")).Code);
        var (code, _, err) = CliRunner.Run("diff", PathIn("plan.json"), PathIn("audit.json"));
        Assert.Equal(2, code);
        Assert.Contains("is a saved plan output and", err);
        (code, _, err) = CliRunner.Run("diff", PathIn("plan.json"), "worldcup-2022");
        Assert.Equal(2, code);
        Assert.Contains("diff compares two of the same kind", err);
        File.WriteAllText(PathIn("other.json"), "{\"a\": 1}");
        (code, _, err) = CliRunner.Run("diff", PathIn("plan.json"), PathIn("other.json"));
        Assert.Equal(2, code);
        Assert.Contains("other.json:1:1 kind: not a Matchday output", err);
        File.WriteAllText(PathIn("broken.json"), "{\"a\": ");
        (code, _, err) = CliRunner.Run("diff", PathIn("plan.json"), PathIn("broken.json"));
        Assert.Equal(2, code);
        Assert.Contains("malformed JSON", err);
    }

    [Fact]
    public void Simulate_exits_1_when_an_objective_breaks_unless_told_otherwise()
    {
        string[] collapse = ["simulate", "--capacity", "scenario", "--format", "json"];
        Assert.Equal(1, CliRunner.Run(collapse).Code);
        Assert.Equal(0, CliRunner.Run([.. collapse, "--no-fail"]).Code);
        // The calm night with the plan's capacity meets every objective: exit 0. The Akamai-Europe outage breaks latency
        // and availability but not rebuffering: a gate on rebuffering passes, the default gate (any) does not.
        Assert.Equal(0, CliRunner.Run("simulate", "--format", "json").Code);
        string[] outage = ["simulate", "--format", "json", "--fault", "cdn-outage provider=akamai region=eu at=67m for=10m"];
        Assert.Equal(0, CliRunner.Run([.. outage, "--fail-on", "rebuffering"]).Code);
        Assert.Equal(1, CliRunner.Run([.. outage, "--fail-on", "latency-p95,latency-p99"]).Code);
        Assert.Equal(1, CliRunner.Run(outage).Code);
        // Only the chosen objectives gate: a night that breaks availability passes a gate on quality switches.
        Assert.Equal(0, CliRunner.Run([.. collapse, "--fail-on", "quality-switches"]).Code);
        Assert.Equal(1, CliRunner.Run([.. collapse, "--fail-on", "availability"]).Code);
        var (code, _, err) = CliRunner.Run([.. collapse, "--fail-on", "availabilty"]);
        Assert.Equal(2, code);
        Assert.Contains("did you mean 'availability'?", err);
    }

    [Fact]
    public void Plan_and_audit_gate_on_severity()
    {
        Assert.Equal(1, CliRunner.Run("plan", "--fail-on", "critical", "--format", "json").Code);
        Assert.Equal(0, CliRunner.Run("plan", CliRunner.Example("cricket-final.yaml"), "--fail-on", "error", "--format", "json").Code);
        Assert.Equal(1, CliRunner.Run("audit", "--fail-on", "warning", "--format", "json").Code);
        Assert.Equal(0, CliRunner.Run("audit", "--format", "json").Code);
        var (code, _, err) = CliRunner.Run("audit", "--fail-on", "criticl");
        Assert.Equal(2, code);
        Assert.Contains("did you mean 'critical'?", err);
    }

    [Theory]
    [InlineData(new[] { "plna" }, "unknown command 'plna'; did you mean 'plan'?")]
    [InlineData(new[] { "audit", "--stirct" }, "unknown option '--stirct' for 'audit'; did you mean '--strict'?")]
    [InlineData(new[] { "plan", "--formt", "json" }, "unknown option '--formt' for 'plan'; did you mean '--format'?")]
    [InlineData(new[] { "plan", "--format", "jsn" }, "did you mean 'json'?")]
    [InlineData(new[] { "players", "--viewers", "lots" }, "--viewers lots: expected a count")]
    public void Mistakes_on_the_command_line_get_a_suggestion_and_exit_2(string[] args, string message)
    {
        var (code, _, err) = CliRunner.Run(args);
        Assert.Equal(2, code);
        Assert.Contains(message, err);
    }

    [Fact]
    public void The_shell_completes_format_and_match_values_from_the_scenario_given()
    {
        var (_, formats, _) = CliRunner.Run("[suggest:14]", "plan --format ");
        Assert.Equal(["csv", "json", "markdown", "table"], formats.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        var line = $"plan {CliRunner.Example("cricket-final.yaml")} --match ";
        var (_, stages, _) = CliRunner.Run($"[suggest:{line.Length}]", line);
        Assert.Equal(["final", "league", "playoff"], stages.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public void Bare_matchday_prints_the_usage()
    {
        var (code, output, _) = CliRunner.Run();
        Assert.Equal(0, code);
        Assert.Contains("Usage:", output);
        Assert.Contains("sweep", output);
        Assert.Contains("Exit codes", output);
    }

    [Fact]
    public void Out_is_a_file_everywhere_its_extension_sets_the_format_and_format_is_case_insensitive()
    {
        var json = PathIn("plan.json");
        Assert.Equal(0, CliRunner.Run("plan", "--out", json).Code);
        Assert.Equal("plan", JsonNode.Parse(File.ReadAllText(json))!["kind"]!.GetValue<string>());
        Assert.Equal(0, CliRunner.Run("plan", "--out", PathIn("plan.csv")).Code);
        Assert.StartsWith("key,value,unit,text\n", File.ReadAllText(PathIn("plan.csv")));
        Assert.Equal(0, CliRunner.Run("plan", "--format", "MARKDOWN", "--out", PathIn("plan.txt")).Code);
        Assert.StartsWith("# Matchday plan", File.ReadAllText(PathIn("plan.txt")));
        Assert.Equal(1, CliRunner.Run("simulate", "--capacity", "scenario", "--out", PathIn("summary.json")).Code);
        Assert.True(File.Exists(PathIn("summary.json")) && !Directory.Exists(PathIn("summary.json")));
        Assert.Equal("simulate", JsonNode.Parse(File.ReadAllText(PathIn("summary.json")))!["kind"]!.GetValue<string>());
    }

    [Fact]
    public void Output_paths_are_checked_before_the_work_starts_and_trailing_slashes_and_relative_paths_work()
    {
        var (code, _, err) = CliRunner.Run("players", "--viewers", "1M", "--out", "/nonexistent/x.json");
        Assert.Equal(2, code);
        Assert.Contains("folder /nonexistent does not exist", err);
        Assert.DoesNotContain("segment decisions", err); // refused before any player ran
        // Regression: a file where a folder should be was "folder ... does not exist".
        File.WriteAllText(Path.Combine(_dir, "afile"), "");
        (code, _, err) = CliRunner.Run("report", "--out", Path.Combine(_dir, "afile", "r.html"));
        Assert.Equal(2, code);
        Assert.Contains($"{Path.Combine(_dir, "afile")} is a file, not a folder", err);
        (code, _, err) = CliRunner.Run("artifacts", "--out-dir", Path.Combine(_dir, "afile", "a", "b"));
        Assert.Equal(2, code);
        Assert.Contains($"{Path.Combine(_dir, "afile")} is a file, not a folder", err);
        (code, _, err) = CliRunner.Run("simulate", "--out", _dir + "/");
        Assert.Equal(2, code);
        Assert.Contains("is a folder", err);
        var cwd = Environment.CurrentDirectory;
        try
        {
            Environment.CurrentDirectory = _dir;
            foreach (var dir in new[] { "night/", "./night2/", "deep" })
            {
                (code, _, err) = CliRunner.Run("simulate", "--out-dir", dir, "--no-fail", "--format", "json");
                Assert.True(code == 0, err);
                Assert.True(File.Exists(Path.Combine(_dir, dir, "summary.json")), dir);
                Assert.DoesNotContain("//", err);
            }
            (code, _, err) = CliRunner.Run("simulate", "--out-dir", "deep/a/b");
            Assert.Equal(2, code);
            Assert.Contains("does not exist", err);
        }
        finally
        {
            Environment.CurrentDirectory = cwd;
        }
        Assert.Empty(Directory.GetFiles(_dir, ".*.tmp", SearchOption.AllDirectories));
        Assert.Empty(Directory.GetDirectories(_dir, ".*.tmp", SearchOption.AllDirectories));
    }

    [Fact]
    public void Counts_on_options_take_suffixes_as_the_file_does()
    {
        var (code, output, err) = CliRunner.Run("players", "--viewers", "2k", "--watch", "5 min", "--format", "json");
        Assert.True(code == 0, err);
        Assert.Equal(2000, JsonNode.Parse(output)!["viewers"]!.GetValue<int>());
    }

    [Fact]
    public void Tables_fit_the_columns_asked_for_and_never_break_a_number()
    {
        var columns = Environment.GetEnvironmentVariable("COLUMNS");
        try
        {
            Environment.SetEnvironmentVariable("COLUMNS", "80");
            var (code, output, _) = CliRunner.Run("plan");
            Assert.Equal(0, code);
            var lines = output.Split('\n');
            Assert.All(lines, l => Assert.True(l.Length <= 80, $"{l.Length} columns: {l}"));
            Assert.Contains(lines, l => l.Contains("148,050", StringComparison.Ordinal));
            Assert.Contains(lines, l => l.Contains("4.74 Pbps", StringComparison.Ordinal));
            Assert.Contains("Left out to fit 80 columns", output);
            Environment.SetEnvironmentVariable("COLUMNS", "200");
            (_, output, _) = CliRunner.Run("plan");
            Assert.Contains(output.Split('\n'), l => l.Length > 160);
        }
        finally
        {
            Environment.SetEnvironmentVariable("COLUMNS", columns);
        }
    }

    [Fact]
    public void A_title_wider_than_its_table_is_written_whole_above_it()
    {
        var narrow = new Matchday.Cli.Rendering.SectionBuilder("Effective bitrate mix (share of played segments)", "rung", "share");
        narrow.Row("240p", "2.5%");
        var wide = new Matchday.Cli.Rendering.SectionBuilder("Mix", "rung", "share");
        wide.Row("240p", "2.5%");
        var text = Matchday.Cli.Rendering.Renderers.Table(new Matchday.Cli.Rendering.Report("Run", [narrow.Build(), wide.Build()]), width: 100);
        var lines = text.Split('\n');
        // The long title on one line of its own, then the table's top border; the short one stays in the table, centred.
        var at = Array.FindIndex(lines, l => l.Trim() == "Effective bitrate mix (share of played segments)");
        Assert.True(at >= 0, text);
        Assert.StartsWith("╭", lines[at + 1]);
        Assert.DoesNotContain(lines, l => l.Trim() == "Effective bitrate mix (share");
        var mix = Array.FindIndex(lines, l => l.Trim() == "Mix");
        Assert.True(mix > at && lines[mix].StartsWith(' '), text);
    }

    [Fact]
    public void Headers_wider_than_their_cells_break_at_spaces_before_a_column_is_left_out()
    {
        var b = new Matchday.Cli.Rendering.SectionBuilder("Groups", "group", "startup p50", "startup p95", "switches/min p50");
        b.Row("phone", "0.52 s", "3.05 s", "0.01");
        var report = new Matchday.Cli.Rendering.Report("Run", [b.Build()]);
        // Room for the headers on one line: unchanged.
        var wide = Matchday.Cli.Rendering.Renderers.Table(report, width: 80).Split('\n');
        Assert.Contains(wide, l => l.Contains("│ startup p50 │ startup p95 │ switches/min p50 │", StringComparison.Ordinal));
        // Natural width 4 + 3 x 4 + (5 + 11 + 11 + 16) = 59: at 45 columns each header breaks onto two lines and all four stay.
        var text = Matchday.Cli.Rendering.Renderers.Table(report, width: 45);
        var lines = text.Split('\n');
        var header = Array.FindIndex(lines, l => l.StartsWith("│ group", StringComparison.Ordinal));
        Assert.True(header >= 0, text);
        Assert.Equal("│ group │ startup │ startup │ switches/min │", lines[header]);
        Assert.Equal("│       │     p50 │     p95 │          p50 │", lines[header + 1]);
        Assert.StartsWith("├", lines[header + 2]);
        Assert.Contains(lines, l => l == "│ phone │  0.52 s │  3.05 s │         0.01 │");
        Assert.DoesNotContain("Left out", text);
        // Narrower still (44 with one word per header line): the last column is left out and named, and the three left
        // (5 + 11 + 11 + 3 x 3 + 1 = 37) fit with their headers whole again.
        var narrow = Matchday.Cli.Rendering.Renderers.Table(report, width: 40);
        Assert.Contains("Left out to fit 40 columns:", narrow);
        Assert.Contains(narrow.Split('\n'), l => l == "│ group │ startup p50 │ startup p95 │");
    }

    public static TheoryData<string, string[]> Documents => new()
    {
        { "plan", ["plan", "--format", "json"] },
        { "plan", ["plan", CliRunner.Example("cricket-final.yaml"), "--format", "json"] },
        { "audit", ["audit", "--format", "json"] },
        { "simulate", ["simulate", "--fault", "cdn-outage provider=akamai region=eu at=67m for=10m", "--format", "json", "--no-fail"] },
        { "sweep", ["sweep", "--vary", "stages.final.peak_viewers=1B,2B", "--format", "json"] },
        { "players", ["players", "--viewers", "500", "--watch", "3 min", "--format", "json"] },
        { "scenario-show", ["scenario", "show", "--format", "json"] },
        { "players-session", ["players", "--trace", RepoPaths.Samples("fcc-sd", "trace0000.json"), "--mode", "reference", "--abr", "bola", "--format", "json"] },
    };

    [Theory]
    [MemberData(nameof(Documents))]
    public async Task Every_json_output_is_valid_against_its_published_schema(string kind, string[] args)
    {
        var (code, json, err) = CliRunner.Run(args);
        Assert.True(code == 0, err);
        var (schemaCode, schemaText, _) = CliRunner.Run("schema", kind);
        Assert.Equal(0, schemaCode);
        var schema = await JsonSchema.FromJsonAsync(schemaText);
        var errors = schema.Validate(json);
        Assert.True(errors.Count == 0, string.Join("\n", errors.Take(10)));
        // Numbers are numbers: no quantity is written as text with a unit.
        Assert.DoesNotContain("\" Mbps\"", json);
        Assert.DoesNotMatch(@"""(target|measured|peak_egress|availability)"": """, json);
    }

    [Fact]
    public async Task A_diff_is_valid_against_its_schema()
    {
        Assert.Equal(0, CliRunner.Run("plan", "--out", PathIn("a.json")).Code);
        Assert.Equal(0, CliRunner.Run("plan", "--set", "ladder.codec=av1", "--out", PathIn("b.json")).Code);
        var (_, json, _) = CliRunner.Run("diff", PathIn("a.json"), PathIn("b.json"), "--format", "json");
        var schema = await JsonSchema.FromJsonAsync(CliRunner.Run("schema", "diff").Out);
        Assert.Empty(schema.Validate(json));
    }

    [Fact]
    public void Simulate_json_has_verdicts_as_numbers_in_documented_units()
    {
        var (_, json, _) = CliRunner.Run("simulate", "--capacity", "scenario", "--format", "json", "--no-fail");
        var doc = JsonNode.Parse(json)!;
        var latency = doc["slos"]!.AsArray().Single(s => s!["objective"]!.GetValue<string>() == "latency_p95")!;
        Assert.Equal("seconds", latency["unit"]!.GetValue<string>());
        Assert.Equal(0.15, latency["target"]!.GetValue<double>()); // 150 ms
        Assert.False(latency["met"]!.GetValue<bool>());
        var hotspot = doc["hotspots"]![0]!;
        Assert.True(hotspot["unserved_viewer_hours"]!.GetValue<double>() > 0);
        Assert.Equal(JsonValueKind.String, JsonDocument.Parse(json).RootElement.GetProperty("hotspots")[0].GetProperty("cell").ValueKind);
    }

    [Fact]
    public void Audit_figures_carry_numbers_in_base_units()
    {
        var (_, json, _) = CliRunner.Run("audit", "--format", "json");
        var finding = JsonNode.Parse(json)!["findings"]!.AsArray().First(f => f!["rule"]!.GetValue<string>() == "capacity-slo-bandwidth")!;
        var slo = finding["figures"]!.AsArray().First(f => f!["text"]!.GetValue<string>() == "2,500 Gbps" || f!["text"]!.GetValue<string>() == "2.50 Tbps")!;
        Assert.Equal(2.5e12, slo["value"]!.GetValue<double>());
        Assert.Equal("bit/s", slo["unit"]!.GetValue<string>());
    }

    [Fact]
    public void The_plan_csv_is_tidy_unique_keys_numeric_values_a_unit_column_and_the_notes()
    {
        var (_, csv, _) = CliRunner.Run("plan", "--format", "csv");
        var rows = csv.TrimEnd().Split('\n').Skip(1).Select(ParseCsv).ToArray();
        Assert.All(rows, r => Assert.Equal(4, r.Length));
        Assert.Equal(rows.Length, rows.Select(r => r[0]).Distinct().Count());
        Assert.All(rows.Where(r => r[1].Length > 0), r => Assert.True(double.TryParse(r[1], System.Globalization.CultureInfo.InvariantCulture, out _), string.Join(",", r)));
        Assert.Contains(rows, r => r[0] == "match.delivery.servers_needed" && r[1] == "148050");
        Assert.Contains(rows, r => r[0] == "cost.total" && r[2] == "USD");
        Assert.Contains(rows, r => r[0].StartsWith("notes[", StringComparison.Ordinal) && r[3].Contains("Cost per viewer-hour", StringComparison.Ordinal));
        // A field named per minute holds a number per minute: 0.05/min, not 0.000833 (per second).
        Assert.Contains(rows, r => r[0] == "slos.targets.switches_per_minute" && r[1] == "0.05" && r[2] == "1/min");
    }

    private static string[] ParseCsv(string line)
    {
        var cells = new List<string>();
        var cell = new System.Text.StringBuilder();
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < line.Length && line[i + 1] == '"') { cell.Append('"'); i++; }
                else if (c == '"') quoted = false;
                else cell.Append(c);
            }
            else if (c == '"') quoted = true;
            else if (c == ',') { cells.Add(cell.ToString()); cell.Clear(); }
            else cell.Append(c);
        }
        cells.Add(cell.ToString());
        return [.. cells];
    }
}
