namespace Matchday.Core.Units;

/// <summary>An amount of data in bytes (decimal prefixes: 1 GB = 10^9 B; binary ones are named GiB).</summary>
public readonly record struct DataSize(double Bytes) : IComparable<DataSize>
{
    public static DataSize Zero => default;

    public static DataSize FromBytes(double bytes) => new(bytes);
    public static DataSize FromKilobytes(double kb) => new(kb * 1e3);
    public static DataSize FromMegabytes(double mb) => new(mb * 1e6);
    public static DataSize FromGigabytes(double gb) => new(gb * 1e9);
    public static DataSize FromTerabytes(double tb) => new(tb * 1e12);
    public static DataSize FromPetabytes(double pb) => new(pb * 1e15);
    public static DataSize FromGibibytes(double gib) => new(gib * 1024d * 1024 * 1024);

    public double Kilobytes => Bytes / 1e3;
    public double Megabytes => Bytes / 1e6;
    public double Gigabytes => Bytes / 1e9;
    public double Terabytes => Bytes / 1e12;
    public double Petabytes => Bytes / 1e15;
    public double Gibibytes => Bytes / (1024d * 1024 * 1024);
    public double Bits => Bytes * 8;

    public static DataSize operator +(DataSize a, DataSize b) => new(a.Bytes + b.Bytes);
    public static DataSize operator -(DataSize a, DataSize b) => new(a.Bytes - b.Bytes);
    public static DataSize operator *(DataSize a, double k) => new(a.Bytes * k);
    public static DataSize operator *(double k, DataSize a) => new(a.Bytes * k);
    public static DataSize operator /(DataSize a, double k) => new(a.Bytes / k);
    public static double operator /(DataSize a, DataSize b) => a.Bytes / b.Bytes;

    /// <summary>The average rate that moves this much data in this time.</summary>
    public static Bitrate operator /(DataSize size, Duration time) => Bitrate.FromBitsPerSecond(size.Bits / time.Seconds);

    /// <summary>The time this much data takes at this rate.</summary>
    public static Duration operator /(DataSize size, Bitrate rate) => Duration.FromSeconds(size.Bits / rate.BitsPerSecond);

    public static bool operator <(DataSize a, DataSize b) => a.Bytes < b.Bytes;
    public static bool operator >(DataSize a, DataSize b) => a.Bytes > b.Bytes;
    public static bool operator <=(DataSize a, DataSize b) => a.Bytes <= b.Bytes;
    public static bool operator >=(DataSize a, DataSize b) => a.Bytes >= b.Bytes;

    public int CompareTo(DataSize other) => Bytes.CompareTo(other.Bytes);

    /// <summary>Humanized with three significant figures: <c>847 PB</c>.</summary>
    public override string ToString() => Humanize.WithPrefix(Bytes, "B");

    public string ToScenarioString() => Humanize.Exact(Bytes, [(1e18, "EB"), (1e15, "PB"), (1e12, "TB"), (1e9, "GB"), (1e6, "MB"), (1e3, "KB"), (1, "B")]);
}
