using System.Collections.Immutable;
using System.Globalization;

namespace Matchday.Core.Grammar;

/// <summary>A problem in a one-line spec: where (1-based column of the offending token), what is wrong, and what was expected.</summary>
public sealed record SpecError(int Column, int Length, string Message)
{
    /// <summary><c>col 23: unknown key 'regoin' for cdn-outage; expected ... (did you mean 'region'?)</c></summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"col {Column}: {Message}");
}

/// <summary>The outcome of parsing a spec: the value when there are no errors, and every error found.</summary>
public sealed record SpecParseResult<T>(T? Value, ImmutableArray<SpecError> Errors) where T : class
{
    /// <summary>Whether it parsed.</summary>
    public bool Ok => Errors.IsEmpty && Value is not null;
}

/// <summary>A token of a one-line spec and its 1-based column.</summary>
internal readonly record struct SpecToken(string Text, int Column)
{
    public int End => Column + Text.Length;
}

/// <summary>Splits one-line specs into tokens with their columns.</summary>
internal static class SpecTokens
{
    /// <summary>The longest spec read (a fault, a rule, a condition or an action): longer is an error, not work.</summary>
    public const int MaxLength = 500;

    /// <summary>The error for a spec longer than <see cref="MaxLength"/>, or null.</summary>
    public static SpecError? TooLong(string text) =>
        text.Length > MaxLength ? new SpecError(MaxLength + 1, text.Length - MaxLength, $"the spec is {text.Length:N0} characters long; at most {MaxLength} are read") : null;

    /// <summary>Whitespace-separated words (fault specs: <c>cdn-outage provider=akamai at=67m</c>).</summary>
    public static List<SpecToken> Words(string text)
    {
        var tokens = new List<SpecToken>();
        var i = 0;
        while (i < text.Length)
        {
            while (i < text.Length && char.IsWhiteSpace(text[i])) i++;
            var start = i;
            while (i < text.Length && !char.IsWhiteSpace(text[i])) i++;
            if (i > start) tokens.Add(new SpecToken(text[start..i], start + 1));
        }
        return tokens;
    }

    /// <summary>
    /// Words, with <c>:</c>, <c>,</c> and comparison operators as tokens of their own (rules:
    /// <c>high-latency: latency_p95&gt;500ms for 1m then scale-origins 75, activate-secondary-cdn</c>);
    /// <c>key=value</c> stays one token.
    /// </summary>
    public static List<SpecToken> Rule(string text)
    {
        var tokens = new List<SpecToken>();
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (char.IsWhiteSpace(c))
            {
                i++;
                continue;
            }
            var start = i;
            if (c is ',' or ':')
            {
                i++;
            }
            else if (c is '<' or '>' or '=' or '!')
            {
                while (i < text.Length && text[i] is '<' or '>' or '=' or '!') i++;
            }
            else
            {
                while (i < text.Length && !char.IsWhiteSpace(text[i]) && text[i] is not (',' or ':' or '<' or '>' or '=' or '!')) i++;
                if (i < text.Length && text[i] == '=' && i + 1 < text.Length && text[i + 1] != '=')
                {
                    i++;
                    while (i < text.Length && !char.IsWhiteSpace(text[i]) && text[i] != ',') i++;
                }
            }
            tokens.Add(new SpecToken(text[start..i], start + 1));
        }
        return tokens;
    }

    /// <summary>Whether <paramref name="s"/> is a plain name: ASCII letters, digits, '-', '_' and '.'.</summary>
    public static bool IsName(string s) => s.Length > 0 && s.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.');
}
