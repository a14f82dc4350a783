using System.Globalization;

namespace Matchday.Core.Units;

/// <summary>A data rate in bits per second (decimal prefixes: 1 Mbps = 10^6 bit/s).</summary>
public readonly record struct Bitrate(double BitsPerSecond) : IComparable<Bitrate>
{
    /// <summary>No bits per second.</summary>
    public static Bitrate Zero => default;

    public static Bitrate FromBitsPerSecond(double bps) => new(bps);
    public static Bitrate FromKilobits(double kbps) => new(kbps * 1e3);
    public static Bitrate FromMegabits(double mbps) => new(mbps * 1e6);
    public static Bitrate FromGigabits(double gbps) => new(gbps * 1e9);
    public static Bitrate FromTerabits(double tbps) => new(tbps * 1e12);

    public double Kilobits => BitsPerSecond / 1e3;
    public double Megabits => BitsPerSecond / 1e6;
    public double Gigabits => BitsPerSecond / 1e9;
    public double Terabits => BitsPerSecond / 1e12;
    public double Petabits => BitsPerSecond / 1e15;

    public static Bitrate operator +(Bitrate a, Bitrate b) => new(a.BitsPerSecond + b.BitsPerSecond);
    public static Bitrate operator -(Bitrate a, Bitrate b) => new(a.BitsPerSecond - b.BitsPerSecond);
    public static Bitrate operator *(Bitrate a, double k) => new(a.BitsPerSecond * k);
    public static Bitrate operator *(double k, Bitrate a) => new(a.BitsPerSecond * k);
    public static Bitrate operator /(Bitrate a, double k) => new(a.BitsPerSecond / k);
    public static double operator /(Bitrate a, Bitrate b) => a.BitsPerSecond / b.BitsPerSecond;

    /// <summary>Data carried at this rate over a duration.</summary>
    public static DataSize operator *(Bitrate rate, Duration time) => DataSize.FromBytes(rate.BitsPerSecond * time.Seconds / 8);
    public static DataSize operator *(Duration time, Bitrate rate) => rate * time;

    public static bool operator <(Bitrate a, Bitrate b) => a.BitsPerSecond < b.BitsPerSecond;
    public static bool operator >(Bitrate a, Bitrate b) => a.BitsPerSecond > b.BitsPerSecond;
    public static bool operator <=(Bitrate a, Bitrate b) => a.BitsPerSecond <= b.BitsPerSecond;
    public static bool operator >=(Bitrate a, Bitrate b) => a.BitsPerSecond >= b.BitsPerSecond;

    public int CompareTo(Bitrate other) => BitsPerSecond.CompareTo(other.BitsPerSecond);

    public static Bitrate Max(Bitrate a, Bitrate b) => a >= b ? a : b;
    public static Bitrate Min(Bitrate a, Bitrate b) => a <= b ? a : b;

    /// <summary>Humanized with three significant figures: <c>5.92 Pbps</c>.</summary>
    public override string ToString() => Humanize.WithPrefix(BitsPerSecond, "bps");

    /// <summary>In a fixed unit, e.g. <c>ToString("Gbps")</c> gives <c>4,740,000 Gbps</c>.</summary>
    public string ToString(string unit) => unit switch
    {
        "bps" => Humanize.Number(BitsPerSecond) + " bps",
        "kbps" => Humanize.Number(Kilobits) + " kbps",
        "Mbps" => Humanize.Number(Megabits) + " Mbps",
        "Gbps" => Humanize.Number(Gigabits) + " Gbps",
        "Tbps" => Humanize.Number(Terabits) + " Tbps",
        _ => throw new ArgumentOutOfRangeException(nameof(unit), unit, "expected bps, kbps, Mbps, Gbps or Tbps"),
    };

    /// <summary>The scenario-file form: <c>2.4 Mbps</c>, round-trips through the parser.</summary>
    public string ToScenarioString() => Humanize.Exact(BitsPerSecond, [(1e15, "Pbps"), (1e12, "Tbps"), (1e9, "Gbps"), (1e6, "Mbps"), (1e3, "kbps"), (1, "bps")]);
}
