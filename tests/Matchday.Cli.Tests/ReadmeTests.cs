using System.Text;
using System.Text.RegularExpressions;

namespace Matchday.Cli.Tests;

/// <summary>
/// The README's tour is tested: every <c>matchday</c> command it shows is run, in order, in a fresh folder with the
/// repository's examples/, samples/ and tests/ beside it, and fails the test if it fails (exit 2 or worse; exit 1 is a gate's
/// verdict the README describes). Where the README shows a command's output, every number it shows must be in the real
/// output: the figures the README quotes are the figures the tool prints.
/// </summary>
[Collection("console")]
public sealed partial class ReadmeTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("matchday-readme-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    /// <summary>A command of the README, the output it shows (empty when none), and where it is.</summary>
    internal sealed record Shown(int Line, string Command, string Output);

    /// <summary>The README's commands in order: lines of ```sh blocks that start with "matchday", and "$ matchday" lines of output blocks.</summary>
    internal static List<Shown> Commands(string readme)
    {
        var lines = readme.Split('\n');
        var shown = new List<Shown>();
        for (var i = 0; i < lines.Length; i++)
        {
            if (!lines[i].StartsWith("```", StringComparison.Ordinal)) continue;
            var isSh = lines[i].Trim() == "```sh";
            var start = i + 1;
            var end = start;
            while (end < lines.Length && !lines[end].StartsWith("```", StringComparison.Ordinal)) end++;
            if (isSh)
            {
                for (var k = start; k < end; k++)
                    if (lines[k].StartsWith("matchday ", StringComparison.Ordinal)) shown.Add(new Shown(k + 1, StripComment(lines[k]), ""));
            }
            else if (start < end && lines[start].StartsWith("$ matchday ", StringComparison.Ordinal))
            {
                // A long command continues on the next lines after a trailing backslash, as in a shell.
                var command = lines[start][2..].TrimEnd();
                var next = start + 1;
                while (command.EndsWith('\\') && next < end) command = command[..^1].TrimEnd() + " " + lines[next++].Trim();
                shown.Add(new Shown(start + 1, StripComment(command), string.Join('\n', lines[next..end])));
            }
            i = end;
        }
        return shown;
    }

    /// <summary>The command without its trailing comment: a '#' after two spaces, outside quotes.</summary>
    private static string StripComment(string line)
    {
        var quote = '\0';
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quote != '\0') { if (c == quote) quote = '\0'; continue; }
            if (c is '"' or '\'') quote = c;
            else if (c == '#' && i >= 2 && line[i - 1] == ' ' && line[i - 2] == ' ') return line[..i].Trim();
        }
        return line.Trim();
    }

    /// <summary>Shell words: quotes group, <c>&gt; FILE</c> redirects stdout.</summary>
    internal static (List<string> Args, string? Redirect) Words(string command)
    {
        var words = new List<string>();
        var current = new StringBuilder();
        var quote = '\0';
        var inWord = false;
        foreach (var c in command)
        {
            if (quote != '\0')
            {
                if (c == quote) quote = '\0';
                else current.Append(c);
            }
            else if (c is '"' or '\'') { quote = c; inWord = true; }
            else if (char.IsWhiteSpace(c))
            {
                if (inWord) words.Add(current.ToString());
                current.Clear();
                inWord = false;
            }
            else { current.Append(c); inWord = true; }
        }
        if (inWord) words.Add(current.ToString());
        string? redirect = null;
        var gt = words.IndexOf(">");
        if (gt >= 0)
        {
            redirect = words[gt + 1];
            words.RemoveRange(gt, 2);
        }
        return (words.Skip(1).ToList(), redirect);
    }

    [GeneratedRegex(@"(?<![\w.])\d[\d,]*(\.\d+)?%?")]
    private static partial Regex Number();

    /// <summary>The numbers an output block shows, from its lines that are not elisions.</summary>
    internal static IEnumerable<string> Figures(string output) =>
        output.Split('\n').Where(l => !l.Trim().StartsWith("...", StringComparison.Ordinal) && !l.Contains("(abridged", StringComparison.Ordinal))
            .SelectMany(l => Number().Matches(l).Select(m => m.Value.TrimEnd(',', '.'))).Distinct();

    [Fact]
    public void The_readme_parser_finds_the_tour()
    {
        var shown = Commands(File.ReadAllText(Path.Combine(RepoPaths.Root, "README.md")));
        Assert.True(shown.Count >= 20, $"only {shown.Count} commands found");
        Assert.Contains(shown, s => s.Command.StartsWith("matchday sweep", StringComparison.Ordinal) && s.Output.Length > 0);
        var (args, redirect) = Words("matchday simulate --fault \"cdn-outage provider=akamai at=67m\" > x.txt");
        Assert.Equal(["simulate", "--fault", "cdn-outage provider=akamai at=67m"], args);
        Assert.Equal("x.txt", redirect);
        Assert.Equal(["4.74", "148,050", "99.35%"], Figures("│ 4.74 Pbps │ 148,050 │ 99.35% │").ToArray());
    }

    [Fact]
    public void Every_command_of_the_readme_runs_and_shows_the_figures_the_readme_quotes()
    {
        var shown = Commands(File.ReadAllText(Path.Combine(RepoPaths.Root, "README.md")));
        foreach (var link in new[] { "examples", "samples", "tests" }) Directory.CreateSymbolicLink(Path.Combine(_dir, link), Path.Combine(RepoPaths.Root, link));
        var (cwd, columns) = (Environment.CurrentDirectory, Environment.GetEnvironmentVariable("COLUMNS"));
        var failures = new List<string>();
        try
        {
            Environment.CurrentDirectory = _dir;
            Environment.SetEnvironmentVariable("COLUMNS", "120"); // the width the README's outputs were taken at
            foreach (var s in shown)
            {
                var (args, redirect) = Words(s.Command);
                var (code, stdout, stderr) = CliRunner.Run([.. args]);
                if (redirect is not null) File.WriteAllText(Path.Combine(_dir, redirect), stdout);
                var expectsError = s.Output.TrimStart().StartsWith("error:", StringComparison.Ordinal);
                if (expectsError ? code != 2 : code is not (0 or 1))
                {
                    failures.Add($"README.md:{s.Line}: `{s.Command}` exited {code}{(expectsError ? " (the README shows errors: expected 2)" : "")}:\n{stderr}");
                    continue;
                }
                var actual = stdout + stderr;
                var missing = Figures(s.Output).Where(f => !actual.Contains(f, StringComparison.Ordinal)).ToArray();
                if (missing.Length > 0) failures.Add($"README.md:{s.Line}: `{s.Command}` no longer prints {string.Join(", ", missing.Take(12))}{(missing.Length > 12 ? ", ..." : "")}");
            }
        }
        finally
        {
            Environment.CurrentDirectory = cwd;
            Environment.SetEnvironmentVariable("COLUMNS", columns);
        }
        Assert.True(failures.Count == 0, string.Join("\n\n", failures));
    }
}
