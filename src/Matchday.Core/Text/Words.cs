using System.Text;

namespace Matchday.Core.Text;

/// <summary>How closed sets (enums) are written in scenario files and output: lower-case words joined by hyphens.</summary>
public static class Words
{
    /// <summary><c>CdnOutage</c> → <c>cdn-outage</c>, <c>Gpu</c> → <c>gpu</c>.</summary>
    public static string Of<T>(T value) where T : struct, Enum
    {
        var name = value.ToString();
        var sb = new StringBuilder(name.Length + 4);
        for (var i = 0; i < name.Length; i++)
        {
            if (char.IsUpper(name[i]) && i > 0) sb.Append('-');
            sb.Append(char.ToLowerInvariant(name[i]));
        }
        return sb.ToString();
    }

    /// <summary>Every value of <typeparamref name="T"/> with its word, in declaration order.</summary>
    public static IReadOnlyList<(string Word, T Value)> Table<T>() where T : struct, Enum =>
        [.. Enum.GetValues<T>().Select(v => (Of(v), v))];

    /// <summary>The value written <paramref name="word"/>, or null.</summary>
    public static T? Parse<T>(string word) where T : struct, Enum
    {
        foreach (var v in Enum.GetValues<T>())
        {
            if (string.Equals(Of(v), word, StringComparison.Ordinal)) return v;
        }
        return null;
    }
}
