using Matchday.Core.Scenarios;
using Matchday.Core.Units;

namespace Matchday.Core.Planning;

/// <summary>Recordings of the tournament across the ladder and what keeping them costs.</summary>
public sealed record StoragePlan(DataSize PerMatch, int Matches, DataSize Tournament, Duration StandardRetention, Duration ArchiveRetention, Money StandardCost, Money ArchiveCost)
{
    public Money Cost => StandardCost + ArchiveCost;
}

/// <summary>Storage math.</summary>
public static class Recordings
{
    /// <summary>
    /// Each match is recorded at every rung for its broadcast length (encoder storage per hour × hours), kept in
    /// standard storage for its retention, then in the archive for its own.
    /// </summary>
    public static StoragePlan Plan(Scenario s, EncodingPlan encoding)
    {
        var perMatch = encoding.StoragePerHour * s.Tournament.MatchBroadcast.Hours;
        var matches = s.Tournament.TotalMatches;
        var total = perMatch * matches;
        return new StoragePlan(perMatch, matches, total, s.Storage.StandardRetention, s.Storage.ArchiveRetention,
            s.Prices.Standard.For(total, s.Storage.StandardRetention), s.Prices.Archive.For(total, s.Storage.ArchiveRetention));
    }
}
