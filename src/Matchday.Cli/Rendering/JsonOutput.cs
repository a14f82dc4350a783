using System.Collections;
using System.Collections.Immutable;
using System.Globalization;
using System.Reflection;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Schema;
using System.Text.Json.Serialization;
using Matchday.Cli.Commands;
using Matchday.Core.Units;

namespace Matchday.Cli.Rendering;

/// <summary>
/// JSON for machines: snake_case field names, every quantity a number in a base unit
/// (bit/s, bytes, seconds, US dollars, fractions, events per second, viewers, viewer-hours). See docs/json.md.
/// Every document starts with <c>kind</c> (plan, audit, simulate, sweep, diff, players, scenario) and <c>inputs</c>
/// (the scenario and the <c>--set</c> overrides it was computed from).
/// </summary>
internal static class JsonOutput
{
    /// <summary>Each unit type, its base unit as docs/json.md and the CSV's unit column name it, and its value in that unit.</summary>
    public static readonly ImmutableArray<(Type Type, string Unit, Func<object, double> Value)> Units =
    [
        (typeof(Bitrate), "bit/s", x => ((Bitrate)x).BitsPerSecond),
        (typeof(DataSize), "bytes", x => ((DataSize)x).Bytes),
        (typeof(Duration), "s", x => ((Duration)x).Seconds),
        (typeof(Money), "USD", x => ((Money)x).Dollars),
        (typeof(Ratio), "fraction", x => ((Ratio)x).Value),
        (typeof(Rate), "1/s", x => ((Rate)x).PerSecond),
        (typeof(ViewerCount), "viewers", x => ((ViewerCount)x).Value),
        (typeof(ViewerTime), "viewer-hours", x => ((ViewerTime)x).ViewerHours),
        (typeof(DataPrice), "USD/GB", x => ((DataPrice)x).PerGigabyte.Dollars),
        (typeof(HourlyPrice), "USD/h", x => ((HourlyPrice)x).PerHour.Dollars),
        (typeof(StoragePrice), "USD/GB-month", x => ((StoragePrice)x).PerGigabyteMonth.Dollars),
        (typeof(BitratePrice), "USD/Mbps-month", x => ((BitratePrice)x).PerMegabitMonth.Dollars),
    ];

    public static readonly JsonSerializerOptions Options = Create();

    private static JsonSerializerOptions Create()
    {
        var o = new JsonSerializerOptions
        {
            PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
            WriteIndented = true,
            DefaultIgnoreCondition = JsonIgnoreCondition.Never,
            TypeInfoResolver = new System.Text.Json.Serialization.Metadata.DefaultJsonTypeInfoResolver { Modifiers = { PerMinuteRates } },
        };
        o.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower));
        o.Converters.Add(new FiniteConverter());
        foreach (var (type, _, value) in Units)
            o.Converters.Add((JsonConverter)Activator.CreateInstance(typeof(UnitConverter<>).MakeGenericType(type), value)!);
        o.MakeReadOnly();
        return o;
    }

    /// <summary>A rate whose field says "per minute" (<c>switches_per_minute</c>) is written per minute, as its name says.</summary>
    private static void PerMinuteRates(System.Text.Json.Serialization.Metadata.JsonTypeInfo info)
    {
        foreach (var p in info.Properties)
            if ((p.PropertyType == typeof(Rate) || p.PropertyType == typeof(Rate?)) && p.Name.EndsWith("per_minute", StringComparison.Ordinal))
                p.CustomConverter = p.PropertyType == typeof(Rate) ? new UnitConverter<Rate>(x => ((Rate)x).PerSecond * 60) : null;
    }

    /// <summary>Whether a property of this name and type is written per minute rather than per second.</summary>
    public static bool IsPerMinute(string snakeName, Type type) => (type == typeof(Rate) || type == typeof(Rate?)) && snakeName.EndsWith("per_minute", StringComparison.Ordinal);

    public static string Serialize<T>(T value) => JsonSerializer.Serialize(value, Options) + "\n";

    /// <summary>A document of one command's output: <c>kind</c>, <c>inputs</c>, then the fields of <paramref name="value"/>.</summary>
    public static string Document<T>(string kind, Inputs inputs, T value) => Node(kind, inputs, value).ToJsonString(Options) + "\n";

    public static JsonObject Node<T>(string kind, Inputs inputs, T value)
    {
        var doc = new JsonObject { ["kind"] = kind, ["inputs"] = InputsNode(inputs) };
        var body = JsonSerializer.SerializeToNode(value, Options);
        if (body is JsonObject o)
        {
            foreach (var (k, v) in o.ToArray())
            {
                o.Remove(k);
                doc[k] = v;
            }
        }
        else doc["result"] = body;
        return doc;
    }

    private static JsonObject InputsNode(Inputs inputs) => new()
    {
        ["scenario"] = inputs.Scenario,
        ["overrides"] = new JsonArray([.. inputs.Overrides.Select(o => (JsonNode)new JsonObject { ["path"] = o.Path, ["value"] = o.Value })]),
    };

    /// <summary>The JSON Schema (draft 2020-12) of a document of <paramref name="kind"/> carrying <typeparamref name="T"/>.</summary>
    public static string Schema<T>(string kind, string title)
    {
        var exporter = new JsonSchemaExporterOptions
        {
            TreatNullObliviousAsNonNullable = true,
            TransformSchemaNode = (ctx, node) =>
            {
                var type = Nullable.GetUnderlyingType(ctx.TypeInfo.Type) ?? ctx.TypeInfo.Type;
                var unit = Units.FirstOrDefault(u => u.Type == type);
                if (unit.Type is not null)
                {
                    var perMinute = ctx.PropertyInfo is { } p && IsPerMinute(p.Name, p.PropertyType);
                    return new JsonObject { ["type"] = new JsonArray("number", "null"), ["description"] = $"{type.Name} in {(perMinute ? "1/min" : unit.Unit)} (null when not finite)" };
                }
                if (type == typeof(double) || type == typeof(float)) return new JsonObject { ["type"] = new JsonArray("number", "null") };
                // Anything the exporter could only call "any" (true) stays "any", written as an object NJsonSchema and others read.
                return node is JsonValue ? new JsonObject() : node;
            },
        };
        var body = Options.GetJsonSchemaAsNode(typeof(T), exporter);
        var schema = new JsonObject
        {
            ["$schema"] = "https://json-schema.org/draft/2020-12/schema",
            ["$id"] = $"https://matchday.dev/schema/{kind}.json",
            ["title"] = title,
            ["type"] = "object",
        };
        var properties = new JsonObject
        {
            ["kind"] = new JsonObject { ["const"] = kind },
            ["inputs"] = JsonNode.Parse("""
                {"type":"object","properties":{"scenario":{"type":"string","description":"the file or preset:NAME"},
                 "overrides":{"type":"array","items":{"type":"object","properties":{"path":{"type":"string"},"value":{"type":"string"}},"required":["path","value"]}}},
                 "required":["scenario","overrides"]}
                """),
        };
        var required = new JsonArray("kind", "inputs");
        if (body is JsonObject b && b["properties"] is JsonObject props)
        {
            foreach (var (k, v) in props.ToArray())
            {
                props.Remove(k);
                properties[k] = v;
                required.Add(k);
            }
            if (b["$defs"] is JsonNode defs) { b.Remove("$defs"); schema["$defs"] = defs; }
        }
        else
        {
            properties["result"] = body;
            required.Add("result");
        }
        schema["properties"] = properties;
        schema["required"] = required;
        return schema.ToJsonString(Options) + "\n";
    }

    /// <summary>Writes a unit type as one number in its base unit; output only.</summary>
    private sealed class UnitConverter<T>(Func<object, double> toNumber) : JsonConverter<T>
    {
        public override T Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            throw new NotSupportedException("Matchday's JSON output is not read back.");

        public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options) => FiniteConverter.WriteNumber(writer, toNumber(value!));
    }

    /// <summary>Plain doubles: numbers, and null where there is no finite value (JSON has no infinity).</summary>
    private sealed class FiniteConverter : JsonConverter<double>
    {
        public override double Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => reader.GetDouble();

        public override void Write(Utf8JsonWriter writer, double value, JsonSerializerOptions options) => WriteNumber(writer, value);

        public static void WriteNumber(Utf8JsonWriter writer, double x)
        {
            if (double.IsFinite(x)) writer.WriteNumberValue(Math.Round(x, 9));
            else writer.WriteNullValue();
        }
    }
}

/// <summary>
/// Tidy CSV of any result: one row per number, <c>key,value,unit</c>, keys unique (list items by their name where they
/// have one), values numbers in the base units of docs/json.md; texts (names, notes, messages) in <c>text</c>.
/// </summary>
internal static class TidyCsv
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static string Write(Inputs inputs, object value, IEnumerable<(string Key, string Text)>? notes = null)
    {
        var rows = new List<(string Key, string Value, string Unit, string Text)>
        {
            ("inputs.scenario", "", "", inputs.Scenario),
        };
        foreach (var o in inputs.Overrides) rows.Add(($"inputs.overrides[{o.Path}]", "", "", o.Value));
        Walk(value, "", rows, 0);
        foreach (var (key, text) in notes ?? []) rows.Add((key, "", "", text));
        var sb = new StringBuilder("key,value,unit,text\n");
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (key, v, unit, text) in rows)
        {
            var k = key;
            for (var n = 2; !seen.Add(k); n++) k = $"{key}#{n}";
            sb.Append(Quote(k)).Append(',').Append(v).Append(',').Append(Quote(unit)).Append(',').Append(Quote(text)).Append('\n');
        }
        return sb.ToString();
    }

    private static void Walk(object? value, string key, List<(string, string, string, string)> rows, int depth)
    {
        if (value is null || depth > 12) return;
        var type = value.GetType();
        if (value is Rate rate && JsonOutput.IsPerMinute(key, type)) { rows.Add((key, Number(rate.PerSecond * 60), "1/min", "")); return; }
        var unit = JsonOutput.Units.FirstOrDefault(u => u.Type == type);
        if (unit.Type is not null) { rows.Add((key, Number(unit.Value(value)), unit.Unit, "")); return; }
        switch (value)
        {
            case double d: rows.Add((key, Number(d), "", "")); return;
            case float f: rows.Add((key, Number(f), "", "")); return;
            case int or long or uint or ulong or short or decimal: rows.Add((key, Convert.ToString(value, Inv)!, "", "")); return;
            case bool b: rows.Add((key, b ? "1" : "0", "bool", "")); return;
            case string s: rows.Add((key, "", "", s)); return;
            case Enum e: rows.Add((key, "", "", JsonNamingPolicy.SnakeCaseLower.ConvertName(e.ToString()))); return;
            case IDictionary dict:
                foreach (DictionaryEntry entry in dict) Walk(entry.Value, $"{key}[{entry.Key}]", rows, depth + 1);
                return;
            case IEnumerable list:
                if (type.GetProperty("IsDefault")?.GetValue(value) is true) return;
                var i = 0;
                foreach (var item in list)
                {
                    Walk(item, $"{key}[{ItemName(item) ?? i.ToString(Inv)}]", rows, depth + 1);
                    i++;
                }
                return;
        }
        foreach (var p in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (p.GetIndexParameters().Length > 0 || p.GetCustomAttribute<JsonIgnoreAttribute>() is not null) continue;
            var name = JsonNamingPolicy.SnakeCaseLower.ConvertName(p.Name);
            Walk(p.GetValue(value), key.Length == 0 ? name : key + "." + name, rows, depth + 1);
        }
    }

    /// <summary>A list item's name: its Name, Stage, Cell, Rule or Phase property when it has one that is text.</summary>
    private static string? ItemName(object? item)
    {
        if (item is null) return null;
        if (item.GetType().GetProperty("Region")?.GetValue(item) is string region && item.GetType().GetProperty("Cdn")?.GetValue(item) is string cdn) return $"{region}/{cdn}";
        foreach (var n in new[] { "Name", "Stage", "Cell", "Rule", "Category", "Profile", "Region", "Objective" })
        {
            var p = item.GetType().GetProperty(n);
            var v = p?.GetValue(item);
            if (v is string s && s.Length > 0) return s;
            if (v is Enum e) return JsonNamingPolicy.SnakeCaseLower.ConvertName(e.ToString());
        }
        return null;
    }

    private static string Number(double x) => double.IsFinite(x) ? x.ToString("R", Inv) : "";

    private static string Quote(string s) =>
        s.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + s.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : s;
}
