using System.CommandLine;
using Matchday.Core.Auditing;
using Matchday.Core.Text;
using Matchday.Simulation.Events;

namespace Matchday.Cli.Commands;

/// <summary>The gates a CI job sets: which findings or broken objectives make a command exit 1.</summary>
internal static class Gates
{
    private static readonly string[] SeverityWords = ["none", "info", "warning", "error", "critical"];

    /// <summary><c>--fail-on SEVERITY</c> for plan and audit: exit 1 when a finding is at least that severe.</summary>
    public static Option<string?> SeverityOption(Command command)
    {
        var option = new Option<string?>("--fail-on") { Description = "Exit 1 when a finding is at least this severe: info, warning, error or critical (default: none).", HelpName = "SEVERITY" };
        option.CompletionSources.Add(SeverityWords);
        option.Validators.Add(r =>
        {
            if (r.Tokens.Count > 0 && !SeverityWords.Contains(r.Tokens[0].Value.ToLowerInvariant()))
                r.AddError($"--fail-on {r.Tokens[0].Value}: expected one of {string.Join(", ", SeverityWords)}{Suggestions.Hint(r.Tokens[0].Value, SeverityWords)}");
        });
        command.Add(option);
        return option;
    }

    /// <summary>The exit code for these findings under <c>--fail-on</c>.</summary>
    public static int ForFindings(IEnumerable<Finding> findings, string? failOn)
    {
        var word = failOn?.ToLowerInvariant();
        if (word is null or "none") return CommandRunner.Ok;
        var threshold = Words.Parse<Severity>(word)!.Value;
        return findings.Any(f => f.Severity >= threshold) ? CommandRunner.Findings : CommandRunner.Ok;
    }

    /// <summary>The objectives' names on the command line: availability, latency-p95, latency-p99, startup-p95, rebuffering, quality-switches.</summary>
    public static string Name(SloObjective o) => Words.Of(o);

    private static readonly string[] ObjectiveWords = [.. Enum.GetValues<SloObjective>().Select(Name), "any"];

    /// <summary><c>--fail-on OBJECTIVE[,OBJECTIVE]</c> and <c>--no-fail</c> for simulate: exit 1 when a chosen objective is broken.</summary>
    public static (Option<string[]> FailOn, Option<bool> NoFail) ObjectiveOptions(Command command)
    {
        var failOn = new Option<string[]>("--fail-on")
        {
            Description = $"Exit 1 when one of these objectives is broken: any (the default), {string.Join(", ", Enum.GetValues<SloObjective>().Select(Name))}; comma-separated or repeated.",
            HelpName = "OBJECTIVE",
        };
        failOn.CompletionSources.Add(ObjectiveWords);
        failOn.Validators.Add(r =>
        {
            foreach (var word in r.Tokens.SelectMany(t => t.Value.Split(',', StringSplitOptions.TrimEntries)))
                if (word.Length == 0)
                    r.AddError($"--fail-on: an empty objective (a blank value or a stray comma); expected one of {string.Join(", ", ObjectiveWords)}");
                else if (!ObjectiveWords.Contains(word.ToLowerInvariant()))
                    r.AddError($"--fail-on {word}: expected one of {string.Join(", ", ObjectiveWords)}{Suggestions.Hint(word, ObjectiveWords)}");
        });
        var noFail = new Option<bool>("--no-fail") { Description = "Report broken objectives but exit 0." };
        command.Add(failOn);
        command.Add(noFail);
        return (failOn, noFail);
    }

    /// <summary>Whether a verdict counts for the gate chosen by <c>--fail-on</c> (every one when none is given).</summary>
    public static Func<SloVerdict, bool> Chosen(string[]? failOn)
    {
        var words = (failOn ?? []).SelectMany(t => t.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)).Select(w => w.ToLowerInvariant()).ToHashSet();
        return v => words.Count == 0 || words.Contains("any") || words.Contains(Name(v.Objective));
    }

    /// <summary>The exit code of a night: 1 when a chosen objective is broken, unless <c>--no-fail</c>.</summary>
    public static int ForNight(EventResult result, string[]? failOn, bool noFail)
    {
        if (noFail) return CommandRunner.Ok;
        var chosen = Chosen(failOn);
        return result.Slos.Any(v => !v.Met && chosen(v)) ? CommandRunner.Findings : CommandRunner.Ok;
    }
}
