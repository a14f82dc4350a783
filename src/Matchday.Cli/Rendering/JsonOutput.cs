using System.Text.Json;
using System.Text.Json.Serialization;
using Matchday.Core.Units;

namespace Matchday.Cli.Rendering;

/// <summary>
/// JSON for machines: snake_case field names, every quantity a number in a base unit
/// (bit/s, bytes, seconds, US dollars, fractions, events per second, viewers, viewer-hours). See docs/json.md.
/// </summary>
internal static class JsonOutput
{
    public static readonly JsonSerializerOptions Options = Create();

    private static JsonSerializerOptions Create()
    {
        var o = new JsonSerializerOptions
        {
            PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
            WriteIndented = true,
            DefaultIgnoreCondition = JsonIgnoreCondition.Never,
            NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        };
        o.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower));
        o.Converters.Add(new UnitConverter<Bitrate>(x => x.BitsPerSecond));
        o.Converters.Add(new UnitConverter<DataSize>(x => x.Bytes));
        o.Converters.Add(new UnitConverter<Duration>(x => x.Seconds));
        o.Converters.Add(new UnitConverter<Money>(x => x.Dollars));
        o.Converters.Add(new UnitConverter<Ratio>(x => x.Value));
        o.Converters.Add(new UnitConverter<Rate>(x => x.PerSecond));
        o.Converters.Add(new UnitConverter<ViewerCount>(x => x.Value));
        o.Converters.Add(new UnitConverter<ViewerTime>(x => x.ViewerHours));
        o.Converters.Add(new UnitConverter<DataPrice>(x => x.PerGigabyte.Dollars));
        o.Converters.Add(new UnitConverter<HourlyPrice>(x => x.PerHour.Dollars));
        o.Converters.Add(new UnitConverter<StoragePrice>(x => x.PerGigabyteMonth.Dollars));
        o.Converters.Add(new UnitConverter<BitratePrice>(x => x.PerMegabitMonth.Dollars));
        return o;
    }

    public static string Serialize<T>(T value) => JsonSerializer.Serialize(value, Options) + "\n";

    /// <summary>Writes a unit type as one number in its base unit; output only.</summary>
    private sealed class UnitConverter<T>(Func<T, double> toNumber) : JsonConverter<T>
    {
        public override T Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            throw new NotSupportedException("Matchday's JSON output is not read back.");

        public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options)
        {
            var x = toNumber(value);
            if (double.IsFinite(x)) writer.WriteNumberValue(Math.Round(x, 9));
            else writer.WriteNullValue();
        }
    }
}
