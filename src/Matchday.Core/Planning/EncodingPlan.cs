using System.Collections.Immutable;
using Matchday.Core.Scenarios;
using Matchday.Core.Units;

namespace Matchday.Core.Planning;

/// <summary>One rung's share of the encoding work and output.</summary>
public sealed record RungEncoding(string Rung, Bitrate Bitrate, double CpuUnits, Bitrate Output, DataSize StoragePerHour);

/// <summary>What a codec saves on the peak's egress.</summary>
public sealed record CodecOption(Codec Codec, Ratio Saving, Bitrate PeakEgress, Bitrate Saved);

/// <summary>The live encoding fleet.</summary>
public sealed record EncodingPlan
{
    public required int InputStreams { get; init; }
    public required ImmutableArray<RungEncoding> Rungs { get; init; }
    public required double CpuUnits { get; init; }
    public required long CpuInstances { get; init; }
    public required long GpuInstances { get; init; }
    public required Bitrate Output { get; init; }
    public required DataSize StoragePerHour { get; init; }
    public required ImmutableArray<CodecOption> Codecs { get; init; }
    public required EncoderKind Encoder { get; init; }
    public long Instances => Encoder switch { EncoderKind.Gpu => GpuInstances, EncoderKind.Cpu => CpuInstances };
    /// <summary>CPU units one instance of the costed fleet provides (vCPUs, or what a GPU instance replaces).</summary>
    public required double UnitsPerInstance { get; init; }
    /// <summary>Pipelines per input (2 for 1+1): each runs the whole ladder, so instances are counted once per pipeline.</summary>
    public int Pipelines { get; init; } = 1;
    /// <summary>The costed fleet's CPU utilization at full ladder: CPU units × pipelines / (instances × units per instance).</summary>
    public Ratio Utilization => Ratio.FromFraction(Instances > 0 && UnitsPerInstance > 0 ? CpuUnits * Pipelines / (Instances * UnitsPerInstance) : 0);
}

/// <summary>Encoding math.</summary>
public static class Encoder
{
    /// <summary>
    /// Per rung: CPU units = inputs × encode cost; output = inputs × bitrate (Mbps stay Mbps);
    /// storage per hour = output × 1 h (1 Mbps for an hour is 450 MB).
    /// </summary>
    public static RungEncoding Rung(Rung rung, int inputs) =>
        new(rung.Name, rung.Bitrate, inputs * rung.EncodeCost, rung.Bitrate * inputs, rung.Bitrate * inputs * Duration.FromHours(1));

    public static EncodingPlan Plan(Scenario s, DeliveryPlan delivery)
    {
        var e = s.Encoding;
        var rungs = s.Ladder.Rungs.Select(r => Rung(r, e.InputStreams)).ToImmutableArray();
        var units = rungs.Sum(r => r.CpuUnits);
        return new EncodingPlan
        {
            InputStreams = e.InputStreams,
            Rungs = rungs,
            CpuUnits = units,
            CpuInstances = Arithmetic.CeilCount(units / e.VcpusPerInstance) * e.Pipelines,
            GpuInstances = Arithmetic.CeilCount(units / e.GpuCpuUnitsPerInstance) * e.Pipelines,
            Pipelines = e.Pipelines,
            Output = rungs.Aggregate(Bitrate.Zero, (a, r) => a + r.Output),
            StoragePerHour = rungs.Aggregate(DataSize.Zero, (a, r) => a + r.StoragePerHour),
            Codecs = [.. e.Codecs.Select(c => new CodecOption(c.Codec, c.Saving, delivery.PeakEgress * c.Saving.Complement.Value, delivery.PeakEgress * c.Saving.Value))],
            Encoder = e.Encoder,
            UnitsPerInstance = e.Encoder switch { EncoderKind.Gpu => e.GpuCpuUnitsPerInstance, EncoderKind.Cpu => e.VcpusPerInstance },
        };
    }
}
