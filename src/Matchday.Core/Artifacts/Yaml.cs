namespace Matchday.Core.Artifacts;

/// <summary>The little YAML the artifacts write by hand: every string double-quoted (JSON escaping is valid YAML).</summary>
public static class Yaml
{
    /// <summary>A YAML double-quoted scalar (its JSON string).</summary>
    public static string Quote(string s) => System.Text.Json.JsonSerializer.Serialize(s, QuoteOptions);

    private static readonly System.Text.Json.JsonSerializerOptions QuoteOptions = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>A mapping of strings under <paramref name="key"/>, each value quoted.</summary>
    public static void Map(System.Text.StringBuilder w, string indent, string key, IEnumerable<KeyValuePair<string, string>> pairs)
    {
        w.Append(indent).Append(key).AppendLine(":");
        foreach (var (k, v) in pairs) w.Append(indent).Append("  ").Append(k).Append(": ").AppendLine(Quote(v));
    }
}
