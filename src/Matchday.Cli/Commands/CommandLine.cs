using System.CommandLine;
using System.Globalization;
using Matchday.Core.Text;
using Matchday.Core.Units;

namespace Matchday.Cli.Commands;

/// <summary>Command-line conventions shared by every command: "did you mean", counts written as in the file.</summary>
internal static class CommandLine
{
    /// <summary>
    /// A mistyped option or command, found before anything runs: <c>audit --stirct</c> would otherwise be read as a
    /// scenario file named "--stirct". Null when every token is known.
    /// </summary>
    public static string? Mistyped(ParseResult parse)
    {
        var command = parse.CommandResult.Command;
        var options = Options(parse).ToArray();
        var names = options.SelectMany(o => o.Aliases.Prepend(o.Name)).ToHashSet(StringComparer.Ordinal);
        foreach (var token in parse.Tokens)
        {
            var text = token.Value;
            if (text == "--") break;
            // A negative value ("-5 ms", "-3") is an option's argument, never an option: no option name starts with a digit.
            if (text.Length < 2 || text[0] != '-' || char.IsDigit(text[1]) || double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out _)) continue;
            var name = text.Split('=', 2)[0];
            if (names.Contains(name) || token.Type != System.CommandLine.Parsing.TokenType.Argument) continue;
            // No option name holds a space: "- cpu: ..." is a value (a spec to be read and located), not a mistyped option.
            if (name.Any(char.IsWhiteSpace)) continue;
            var near = Suggestions.Nearest(name, names.Where(n => n.StartsWith("--", StringComparison.Ordinal)));
            return $"unknown option '{name}' for '{Path(parse)}'" + (near is null ? "" : $"; did you mean '{near}'?") + $" (see: matchday {Path(parse)} --help)";
        }
        foreach (var token in parse.UnmatchedTokens)
        {
            if (command.Subcommands.Count == 0) break;
            var near = Suggestions.Nearest(token, command.Subcommands.Select(c => c.Name));
            return $"unknown command '{token}'" + (near is null ? "" : $"; did you mean '{near}'?") + $"; commands: {string.Join(", ", command.Subcommands.Select(c => c.Name))}";
        }
        return null;
    }

    private static string Path(ParseResult parse)
    {
        var names = new List<string>();
        for (var r = parse.CommandResult; r is not null; r = r.Parent as System.CommandLine.Parsing.CommandResult) names.Add(r.Command.Name);
        names.Reverse();
        return string.Join(' ', names.Skip(1));
    }

    private static IEnumerable<Option> Options(ParseResult parse)
    {
        var first = true;
        for (var r = parse.CommandResult; r is not null; r = r.Parent as System.CommandLine.Parsing.CommandResult)
        {
            foreach (var o in r.Command.Options)
                if (first || o.Recursive) yield return o;
            first = false;
        }
    }

    /// <summary>
    /// The <c>--seed</c> option: a whole number from 0 to 2^64 - 1 (default 1); anything else is an error that says so,
    /// not the parser's type name.
    /// </summary>
    public static Option<ulong> Seed(string description)
    {
        var option = new Option<ulong>("--seed", "-s") { Description = description, DefaultValueFactory = _ => 1, HelpName = "N" };
        option.CustomParser = r =>
        {
            var text = r.Tokens.Count > 0 ? r.Tokens[0].Value : "";
            if (ulong.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var seed)) return seed;
            r.AddError($"--seed {text}: expected a whole number from 0 to {ulong.MaxValue:N0}");
            return 0;
        };
        return option;
    }

    /// <summary>
    /// A word from a closed set (<c>--mode live</c>): anything else is "--mode x: expected one of live, vod, reference",
    /// with a did-you-mean, naming the option (the parser's own message named neither).
    /// </summary>
    public static void OneOf(Option option, params string[] values)
    {
        option.CompletionSources.Add(values);
        option.Validators.Add(r =>
        {
            if (r.Tokens.Count == 0) return;
            var value = r.Tokens[0].Value;
            if (!values.Contains(value, StringComparer.Ordinal))
                r.AddError($"{option.Name} {value}: expected one of {string.Join(", ", values)}{Suggestions.Hint(value, values)}");
        });
    }

    /// <summary>An optional number (e.g. <c>--gamma-p 5</c>): a bad value says what was expected, not the parser's type name.</summary>
    public static Option<double?> Number(string name, string description, string expected)
    {
        var option = new Option<double?>(name) { Description = description, HelpName = "X" };
        option.CustomParser = r =>
        {
            var text = r.Tokens.Count > 0 ? r.Tokens[0].Value : "";
            if (double.TryParse(text, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var v) && double.IsFinite(v)) return v;
            r.AddError($"{name} {text}: expected {expected}");
            return null;
        };
        return option;
    }

    /// <summary>An optional whole number (e.g. <c>--rampup-threshold 3</c>): a bad value says what was expected.</summary>
    public static Option<int?> Whole(string name, string description, string expected)
    {
        var option = new Option<int?>(name) { Description = description, HelpName = "N" };
        option.CustomParser = r =>
        {
            var text = r.Tokens.Count > 0 ? r.Tokens[0].Value : "";
            if (int.TryParse(text, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out var v)) return v;
            r.AddError($"{name} {text}: expected {expected}");
            return null;
        };
        return option;
    }

    /// <summary>The <c>--threads</c> option of the commands that run in parallel: a whole number from 1 to 1024.</summary>
    public static Option<int?> Threads(string description)
    {
        var option = new Option<int?>("--threads") { Description = description, HelpName = "N" };
        option.CustomParser = r =>
        {
            var text = r.Tokens.Count > 0 ? r.Tokens[0].Value : "";
            if (!int.TryParse(text, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out var n))
                r.AddError($"--threads {text}: expected a whole number of threads, 1 to 1024");
            else if (n is < 1 or > 1024) r.AddError($"--threads {n}: must be from 1 to 1024");
            else return n;
            return null;
        };
        return option;
    }

    /// <summary>A count option that takes what the file takes: <c>100000</c>, <c>100k</c>, <c>1.5M</c>; at least <paramref name="min"/>.</summary>
    public static Option<int> Count(string name, string description, int fallback, int min, params string[] aliases)
    {
        var option = new Option<int>(name, aliases) { Description = description, DefaultValueFactory = _ => fallback, HelpName = "N" };
        option.CustomParser = r =>
        {
            var text = r.Tokens.Count > 0 ? r.Tokens[0].Value : "";
            var parsed = QuantityParser.Count(text);
            if (!parsed.Ok) { r.AddError($"{name} {text}: {parsed.Error}"); return 0; }
            if (parsed.Value != Math.Floor(parsed.Value) || parsed.Value > int.MaxValue) { r.AddError($"{name} {text}: must be a whole number up to {int.MaxValue:N0}"); return 0; }
            if (parsed.Value < min) { r.AddError(min == 0 ? $"{name} {text}: must be 0 or more" : $"{name} {text}: must be at least {min:N0}"); return 0; }
            return (int)parsed.Value;
        };
        return option;
    }
}
