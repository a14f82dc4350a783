namespace Matchday.Core.Text;

/// <summary>"Did you mean" for every place that names a thing: scenario fields, fault keys, metrics, actions, CDNs, regions.</summary>
public static class Suggestions
{
    /// <summary>
    /// The known name closest to <paramref name="given"/>, or null when none is close: an edit distance of at most
    /// max(2, a third of the name) and shorter than the name itself, or (for a slip in a long name such as
    /// latency_p99 for latency_p95_seconds) a shared prefix of five characters or more.
    /// </summary>
    public static string? Nearest(string given, IEnumerable<string> known)
    {
        ArgumentNullException.ThrowIfNull(given);
        ArgumentNullException.ThrowIfNull(known);
        string? best = null;
        var bestDistance = int.MaxValue;
        string? prefixBest = null;
        var prefixLength = 0;
        foreach (var k in known)
        {
            var d = Levenshtein(given.ToLowerInvariant(), k.ToLowerInvariant());
            if (d < bestDistance) (best, bestDistance) = (k, d);
            var p = CommonPrefix(given, k);
            if (p > prefixLength) (prefixBest, prefixLength) = (k, p);
        }
        if (best is not null && !string.Equals(best, given, StringComparison.Ordinal) && bestDistance <= Math.Max(2, given.Length / 3) && bestDistance < given.Length) return best;
        if (prefixBest is not null && prefixLength >= 5 && !string.Equals(prefixBest, given, StringComparison.Ordinal)) return prefixBest;
        return null;
    }

    /// <summary><c> (did you mean 'x'?)</c>, or empty when nothing is close.</summary>
    public static string Hint(string given, IEnumerable<string> known) =>
        Nearest(given, known) is { } near ? $" (did you mean '{near}'?)" : "";

    /// <summary>The number of single-character insertions, deletions and substitutions that turn one string into the other.</summary>
    public static int Levenshtein(string a, string b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        var prev = new int[b.Length + 1];
        var cur = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++) prev[j] = j;
        for (var i = 1; i <= a.Length; i++)
        {
            cur[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                cur[j] = Math.Min(Math.Min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            (prev, cur) = (cur, prev);
        }
        return prev[b.Length];
    }

    private static int CommonPrefix(string a, string b)
    {
        var n = 0;
        while (n < a.Length && n < b.Length && char.ToLowerInvariant(a[n]) == char.ToLowerInvariant(b[n])) n++;
        return n;
    }
}
