using System.Collections.Immutable;
using System.Globalization;
using System.Text.RegularExpressions;
using Matchday.Core.Units;

namespace Matchday.Core.Scenarios.Reading;

/// <summary>
/// One <c>--vary</c>: a scenario field and the values a sweep gives it, written as the file writes values.
/// <c>PATH=FROM..TO[:STEPS]</c> spaces STEPS values evenly from FROM to TO (both ends included, five when STEPS is left
/// out; both ends in the same unit: <c>1.2B..2.4B:7</c>, <c>30 s..2 min</c> is refused); <c>PATH=A,B,C</c> lists them
/// (a value holding a comma quoted, <c>"1,500"</c>, or a YAML flow list, <c>[720p,1080p]</c>).
/// Each value becomes an <see cref="Override"/>, validated as the file is.
/// </summary>
public sealed partial record Variation(string Path, ImmutableArray<string> Values)
{
    /// <summary>Points a range takes when STEPS is left out.</summary>
    public const int DefaultSteps = 5;

    /// <summary>The most values one variation may take.</summary>
    public const int MaxSteps = 1000;

    public const string Shape = "PATH=FROM..TO[:STEPS] or PATH=A,B,C, e.g. tournament.stages.final.peak_viewers=1.2B..2.4B:7";

    public IEnumerable<Override> Overrides => Values.Select(v => new Override(Path, v));

    public override string ToString() => $"{Path}={string.Join(',', Values)}";

    [GeneratedRegex(@"^(?<pre>\$?)\s*(?<num>[+-]?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?([eE][+-]?\d+)?)(?<sep>\s*)(?<unit>.*?)\s*$")]
    private static partial Regex Quantity();

    /// <summary>Reads <c>PATH=FROM..TO[:STEPS]</c> or <c>PATH=A,B,C</c>; every mistake is an error that says what was expected.</summary>
    public static Parsed<Variation> Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var head = Override.Parse(text);
        if (!head.Ok) return Parsed<Variation>.Fail(head.Error! + $"; expected {Shape}");
        var (path, spec) = (head.Value.Path, head.Value.Value);
        if (spec.Length == 0) return Fail(text, "no values after '='");
        var (values, unclosed) = SplitList(spec);
        if (unclosed is not null) return Fail(text, unclosed);
        var range = values.Length == 1 && !IsQuotedOrFlow(values[0]) ? spec.IndexOf("..", StringComparison.Ordinal) : -1;
        if (range < 0)
        {
            if (values.Any(v => v.Length == 0)) return Fail(text, "an empty value in the list");
            if (values.Length > MaxSteps) return Fail(text, $"{values.Length} values; at most {MaxSteps}");
            return Parsed<Variation>.Success(new Variation(path, [.. values]));
        }

        var fromText = spec[..range].Trim();
        var rest = spec[(range + 2)..];
        var steps = DefaultSteps;
        var colon = rest.LastIndexOf(':');
        if (colon >= 0)
        {
            var stepsText = rest[(colon + 1)..].Trim();
            if (!int.TryParse(stepsText, NumberStyles.None, CultureInfo.InvariantCulture, out steps))
                return Fail(text, $"STEPS '{stepsText}' is not a whole number of values, e.g. :7");
            rest = rest[..colon];
        }
        var toText = rest.Trim();
        if (steps < 2) return Fail(text, $"a range takes at least 2 steps (got {steps}); for one value write {path}={fromText}");
        if (steps > MaxSteps) return Fail(text, $"{steps} steps; at most {MaxSteps}");
        var from = Quantity().Match(fromText);
        var to = Quantity().Match(toText);
        if (!from.Success) return Fail(text, $"FROM '{fromText}' is not a number with its unit, e.g. 1.2B or 30 s");
        if (!to.Success) return Fail(text, $"TO '{toText}' is not a number with its unit, e.g. 2.4B or 2 min");
        var (unitFrom, unitTo) = (from.Groups["pre"].Value + "|" + from.Groups["unit"].Value, to.Groups["pre"].Value + "|" + to.Groups["unit"].Value);
        if (unitFrom != unitTo) return Fail(text, $"'{fromText}' and '{toText}' are in different units: write both ends in the same unit");
        var a = double.Parse(from.Groups["num"].Value.Replace(",", "", StringComparison.Ordinal), CultureInfo.InvariantCulture);
        var b = double.Parse(to.Groups["num"].Value.Replace(",", "", StringComparison.Ordinal), CultureInfo.InvariantCulture);
        if (a == b) return Fail(text, $"FROM and TO are the same ({fromText}): nothing to sweep");
        var list = ImmutableArray.CreateBuilder<string>(steps);
        for (var i = 0; i < steps; i++)
        {
            // Even steps, both ends exact; printed with as few digits as the value needs (1.4B, not 1.4000000000000001B).
            var x = i == steps - 1 ? b : a + (b - a) * i / (steps - 1);
            var unit = from.Groups["unit"].Value;
            list.Add(from.Groups["pre"].Value + x.ToString("G10", CultureInfo.InvariantCulture) + (unit.Length > 0 ? from.Groups["sep"].Value + unit : ""));
        }
        return Parsed<Variation>.Success(new Variation(path, list.MoveToImmutable()));
    }

    /// <summary>
    /// The values of <c>A,B,C</c>, split at the commas outside quotes and YAML flow brackets, so a value holding a comma
    /// is written quoted (<c>"1,500","2,000"</c>) or as a flow list (<c>[720p,1080p],[1080p]</c>) and kept whole, as
    /// <c>--set</c> reads it. An unclosed quote or bracket is the problem returned.
    /// </summary>
    private static (string[] Values, string? Unclosed) SplitList(string spec)
    {
        var values = new List<string>();
        var start = 0;
        var depth = 0;
        char quote = '\0';
        var openedAt = 0;
        for (var i = 0; i < spec.Length; i++)
        {
            var c = spec[i];
            if (quote != '\0')
            {
                if (c == quote) quote = '\0';
                continue;
            }
            switch (c)
            {
                case '"' or '\'' when depth == 0 && spec.AsSpan(start, i - start).Trim().IsEmpty:
                    quote = c;
                    openedAt = i;
                    break;
                case '[' or '{':
                    if (depth++ == 0) openedAt = i;
                    break;
                case ']' or '}':
                    if (depth == 0) return ([], $"'{c}' at character {i + 1} closes nothing");
                    depth--;
                    break;
                case ',' when depth == 0:
                    values.Add(spec[start..i].Trim());
                    start = i + 1;
                    break;
            }
        }
        if (quote != '\0') return ([], $"the quote at character {openedAt + 1} is not closed");
        if (depth > 0) return ([], $"the '{spec[openedAt]}' at character {openedAt + 1} is not closed");
        values.Add(spec[start..].Trim());
        return ([.. values], null);
    }

    private static bool IsQuotedOrFlow(string value) => value.Length > 0 && value[0] is '"' or '\'' or '[' or '{';

    private static Parsed<Variation> Fail(string text, string problem) => Parsed<Variation>.Fail($"'{text}': {problem}; expected {Shape}");

    /// <summary>Every combination of the variations' values, the first varying slowest (a grid when there are several).</summary>
    public static ImmutableArray<ImmutableArray<Override>> Grid(IReadOnlyList<Variation> variations)
    {
        ArgumentNullException.ThrowIfNull(variations);
        IEnumerable<ImmutableArray<Override>> points = [[]];
        foreach (var v in variations)
        {
            var current = v;
            points = points.SelectMany(p => current.Overrides.Select(o => p.Add(o)));
        }
        return [.. points];
    }
}
