using Matchday.Core.Scenarios;
using Matchday.Core.Units;
using Matchday.Simulation.Events;
using Matchday.Simulation.Players;

namespace Matchday.Simulation.Tests.Players;

/// <summary>
/// <c>matchday players</c> and the night's sampled players draw their viewers' patience from one place
/// (<see cref="ViewerBehaviour.Abandonment"/>), so the same scenario gives the same viewers in both.
/// </summary>
public sealed class ViewerPatienceTests
{
    [Fact]
    public void Without_a_stall_patience_the_mean_is_the_viewing_ahead_over_five()
    {
        // 2 hours watched: half of it, 3,600 s, ahead on average; / 5 = 720 s mean, uniform on [0, 1,440 s]: rate 1 / 1,440 s.
        var a = PlayerRunner.AbandonmentOf(null, Duration.FromHours(2));
        Assert.Equal(0, a.StallGrace.Seconds);
        Assert.Equal(1.0 / 1440, a.StallRatePerSecond, 15);
        // Startup: Krishnan & Sitaraman's 2 s and 5.8 % a second.
        Assert.Equal(2, a.StartupGrace.Seconds);
        Assert.Equal(0.058, a.StartupRatePerSecond, 15);
        // 10 minutes: 300 s / 5 = 60 s, the floor as well: rate 1 / 120 s. 4 minutes: 24 s, raised to the 60 s floor.
        Assert.Equal(1.0 / 120, PlayerRunner.AbandonmentOf(null, Duration.FromMinutes(10)).StallRatePerSecond, 15);
        Assert.Equal(1.0 / 120, PlayerRunner.AbandonmentOf(null, Duration.FromMinutes(4)).StallRatePerSecond, 15);
    }

    [Fact]
    public void The_scenarios_figures_replace_the_defaults_for_players_as_for_the_night()
    {
        var settings = new ViewerSettings
        {
            StartupTolerance = Duration.FromSeconds(5),
            StartupAbandonment = Ratio.FromPercent(10),
            StallPatience = Duration.FromSeconds(30),
        };
        var players = PlayerRunner.AbandonmentOf(settings, Duration.FromHours(2));
        Assert.Equal(5, players.StartupGrace.Seconds);
        Assert.Equal(0.10, players.StartupRatePerSecond, 15);
        Assert.Equal(0, players.StallGrace.Seconds);
        Assert.Equal(1.0 / 60, players.StallRatePerSecond, 15);
        // The night over a match of the same length takes the same viewers.
        Assert.Equal(players, ViewerBehaviour.For(settings, Duration.FromHours(2)).Abandonment());
    }
}
