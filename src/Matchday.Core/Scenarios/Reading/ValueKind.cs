using Matchday.Core.Units;

namespace Matchday.Core.Scenarios.Reading;

/// <summary>A kind of scalar a scenario field holds: how to parse it and how the JSON Schema describes it.</summary>
public sealed record ValueKind<T>(string Name, Func<string, Parsed<T>> Parse, string Pattern, string Example);

/// <summary>The scalar kinds scenario files use, each with a unit.</summary>
public static class Kinds
{
    private const string Num = @"[+-]?([0-9]{1,3}(,[0-9]{3})+|[0-9]+)(\.[0-9]+)?([eE][+-]?[0-9]+)?";

    public static readonly ValueKind<string> Name = new("name", s => s.Length > 0 ? Parsed<string>.Success(s) : Parsed<string>.Fail("expected a non-empty name"), @"^\S.*$", "europe");
    public static readonly ValueKind<Bitrate> Bitrate = new("bitrate", QuantityParser.Bitrate, $@"^\s*{Num}\s*([kKMGTP]?bps|[kMGTP]bit/s)\s*$", "2.4 Mbps");
    public static readonly ValueKind<DataSize> DataSize = new("data size", QuantityParser.DataSize, $@"^\s*{Num}\s*(B|[kKMGTPE]B|[KMGT]iB)\s*$", "847 PB");
    private static readonly string DurationUnit = "(" + string.Join('|', QuantityParser.DurationUnits.SelectMany(u => u.Spellings).OrderByDescending(u => u.Length)) + ")";
    public static readonly ValueKind<Duration> Duration = new("duration", QuantityParser.Duration, $@"^\s*{Num}\s*{DurationUnit}(\s*([0-9]{{1,3}}(,[0-9]{{3}})+|[0-9]+)(\.[0-9]+)?\s*{DurationUnit})*\s*$", "6 s");
    public static readonly ValueKind<double> Count = new("count", QuantityParser.Count, $@"^\s*{Num}\s*[kKMBT]?\s*$", "1.68B");
    public static readonly ValueKind<Ratio> Percent = new("percentage", QuantityParser.Percent, $@"^\s*{Num}\s*%\s*$", "35%");
    public static readonly ValueKind<Rate> Rate = new("rate", QuantityParser.Rate, $@"^\s*{Num}\s*[kKMB]?\s*/\s*(s|min|h|d)\s*$", "1000/s");
    public static readonly ValueKind<Money> Money = new("money", QuantityParser.Money, $@"^\s*\$\s*{Num}\s*[kKMB]?\s*$", "$12.8M");
    public static readonly ValueKind<DataPrice> DataPrice = new("price per data", QuantityParser.DataPrice, $@"^\s*\$\s*{Num}\s*/\s*(MB|GB|TB|PB)\s*$", "$0.085/GB");
    public static readonly ValueKind<HourlyPrice> HourlyPrice = new("price per hour", QuantityParser.HourlyPrice, $@"^\s*\$\s*{Num}\s*/\s*(h|hour|day|month)\s*$", "$1.35/h");
    public static readonly ValueKind<StoragePrice> StoragePrice = new("storage price", QuantityParser.StoragePrice, $@"^\s*\$\s*{Num}\s*/\s*(GB|TB)-month\s*$", "$0.023/GB-month");
    public static readonly ValueKind<BitratePrice> BitratePrice = new("committed-rate price", QuantityParser.BitratePrice, $@"^\s*\$\s*{Num}\s*/\s*(Mbps|Gbps)-month\s*$", "$0.50/Mbps-month");
    public static readonly ValueKind<double> Number = new("number", QuantityParser.Number, $@"^\s*{Num}\s*$", "1.5");
}
