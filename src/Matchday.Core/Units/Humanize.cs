using System.Globalization;

namespace Matchday.Core.Units;

/// <summary>Formats numbers for people: three significant figures, SI prefixes, thousands separators. Invariant culture.</summary>
public static class Humanize
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;
    private static readonly (double Factor, string Prefix)[] SiPrefixes =
        [(1e18, "E"), (1e15, "P"), (1e12, "T"), (1e9, "G"), (1e6, "M"), (1e3, "k"), (1, "")];

    /// <summary>Rounds to <paramref name="significant"/> figures and groups thousands: <c>148,050</c>, <c>4.74</c>.</summary>
    public static string Number(double value, int significant = 6)
    {
        if (double.IsNaN(value) || double.IsInfinity(value)) return value.ToString(Inv);
        if (value == 0) return "0";
        var magnitude = (int)Math.Floor(Math.Log10(Math.Abs(value)));
        var decimals = Math.Max(0, significant - 1 - magnitude);
        var rounded = Math.Round(value, Math.Min(decimals, 15));
        var s = rounded.ToString("N" + decimals.ToString(Inv), Inv);
        if (s.Contains('.', StringComparison.Ordinal)) s = s.TrimEnd('0').TrimEnd('.');
        return s;
    }

    /// <summary>Three significant figures with an SI prefix: <c>5.92 Pbps</c>, <c>847 PB</c>.</summary>
    public static string WithPrefix(double value, string unit)
    {
        if (double.IsNaN(value) || double.IsInfinity(value)) return value.ToString(Inv) + " " + unit;
        var abs = Math.Abs(value);
        if (abs == 0) return "0 " + unit;
        foreach (var (factor, prefix) in SiPrefixes)
        {
            if (abs >= factor * 0.9995 || factor == 1)
            {
                return Fixed3(value / factor) + " " + prefix + unit;
            }
        }
        return Fixed3(value) + " " + unit;
    }

    /// <summary>Large counts with a short suffix: <c>1.68B</c>, <c>350M</c>, <c>60.0k</c>; below 10,000 grouped digits.</summary>
    public static string Compact(double value)
    {
        var abs = Math.Abs(value);
        if (abs >= 0.9995e12) return Fixed3(value / 1e12) + "T";
        if (abs >= 0.9995e9) return Fixed3(value / 1e9) + "B";
        if (abs >= 0.9995e6) return Fixed3(value / 1e6) + "M";
        if (abs >= 1e4) return Fixed3(value / 1e3) + "k";
        return Number(value, 3);
    }

    /// <summary>Dollars: <c>$72.0M</c>, <c>$1.23k</c> become <c>$1,230</c> below a million, cents below ten dollars.</summary>
    public static string Dollars(double usd)
    {
        var sign = usd < 0 ? "-" : "";
        var abs = Math.Abs(usd);
        if (abs >= 0.9995e9) return sign + "$" + Fixed3(abs / 1e9) + "B";
        if (abs >= 0.9995e6) return sign + "$" + Fixed3(abs / 1e6) + "M";
        if (abs >= 1000) return sign + "$" + Math.Round(abs).ToString("N0", Inv);
        if (abs >= 10) return sign + "$" + abs.ToString("N2", Inv);
        if (abs == 0) return "$0";
        return sign + "$" + Number(abs, 3);
    }

    /// <summary>A fraction as a percentage with up to four decimals: <c>97.3%</c>, <c>99.95%</c>.</summary>
    public static string Percent(double fraction)
    {
        // Two decimals, and more only where two would hide the difference from 0% or 100% (99.9999%).
        var p = fraction * 100;
        for (var decimals = 2; decimals <= 6; decimals++)
        {
            var r = Math.Round(p, decimals);
            if ((r != 100 || p == 100) && (r != 0 || p == 0) || decimals == 6)
                return r.ToString("0." + new string('#', decimals), Inv) + "%";
        }
        return p.ToString("0.##", Inv) + "%";
    }

    /// <summary>Three significant figures keeping trailing zeros: <c>72.0</c>, <c>5.92</c>, <c>148</c>.</summary>
    public static string Fixed3(double value)
    {
        var abs = Math.Abs(value);
        var decimals = abs >= 99.95 ? 0 : abs >= 9.995 ? 1 : 2;
        return value.ToString("N" + decimals.ToString(Inv), Inv);
    }

    /// <summary>The largest unit that writes the value exactly enough to round-trip (scenario export).</summary>
    internal static string Exact(double value, (double Factor, string Unit)[] units)
    {
        if (value == 0) return "0 " + units[^1].Unit;
        // The largest unit in which the value is a number of at most three decimals that reads back to the same value
        // (91 s, not 1.5166666667 min); the smallest unit, written in full, when none is.
        foreach (var (factor, unit) in units)
        {
            if (Math.Abs(value) < factor) continue;
            var q = value / factor;
            var text = Math.Round(q, 3).ToString("0.###", Inv);
            if (double.Parse(text, Inv) * factor == value) return text + " " + unit;
        }
        var last = units[^1];
        return (value / last.Factor).ToString("R", Inv) + " " + last.Unit;
    }
}
