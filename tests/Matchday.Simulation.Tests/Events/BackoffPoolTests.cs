using Matchday.Simulation.Events;

namespace Matchday.Simulation.Tests.Events;

/// <summary>The rejected joins waiting to retry, by age: hand-worked ticks of 1 s.</summary>
public class BackoffPoolTests
{
    [Fact]
    public void Retries_carry_the_age_of_their_first_press_and_those_rejected_again_keep_it()
    {
        var pool = new BackoffPool(regions: 1, dt: 1);
        var viewers = new double[BackoffPool.Bins];
        var ages = new double[BackoffPool.Bins];
        pool.Add(0, 100);                        // rejected at tick 0
        pool.Age();                              // tick 1: a second old
        Assert.Equal(100, pool.Total(0), 12);
        Assert.Equal(100, pool.AgeSum(0), 12);
        // Half ask again, the service admits half of them: 25 join at 1 s; 80% of the 25 rejected again wait on
        // (20), the other 5 give up: 100 - 25 - 5 = 70 left, all a second old.
        pool.Settle(0, leave: 0.5, admitted: 0.5, retryShare: 0.8, viewers, ages);
        Assert.Equal(25, viewers[BackoffPool.BinOf(1)], 12);
        Assert.Equal(25, ages[BackoffPool.BinOf(1)], 12);
        Assert.Equal(70, pool.Total(0), 12);
        pool.Age();                              // tick 2
        Assert.Equal(140, pool.AgeSum(0), 12);
        Array.Clear(viewers);
        Array.Clear(ages);
        pool.Settle(0, leave: 0.5, admitted: 1, retryShare: 0.8, viewers, ages);
        Assert.Equal(35, viewers[BackoffPool.BinOf(2)], 12); // 2 s is the second bin's lower edge
        Assert.Equal(70, ages[BackoffPool.BinOf(2)], 12);
        Assert.Equal(35, pool.Total(0), 12);
        Assert.Equal(1, BackoffPool.BinOf(2));
    }

    [Fact]
    public void Beyond_the_ring_the_old_keep_their_summed_age_and_go_on_ageing()
    {
        var pool = new BackoffPool(regions: 2, dt: 1);
        Assert.Equal(600, pool.Slots);
        pool.Add(1, 10);
        for (var t = 0; t < 650; t++) pool.Age();
        Assert.Equal(0, pool.Total(0));
        Assert.Equal(10, pool.Total(1), 12);
        Assert.Equal(10 * 650, pool.AgeSum(1), 9);
        var viewers = new double[BackoffPool.Bins];
        var ages = new double[BackoffPool.Bins];
        pool.Settle(1, leave: 0.1, admitted: 1, retryShare: 1, viewers, ages);
        Assert.Equal(1, viewers[^1], 12);            // the open last bin (512 s and more)
        Assert.Equal(650, ages[^1] / viewers[^1], 9); // their mean age, exactly
        pool.Scale(1, 0.5);
        Assert.Equal(4.5, pool.Total(1), 12);
        Assert.Equal(4.5 * 650, pool.AgeSum(1), 9);
    }

    [Fact]
    public void A_sampled_join_draws_its_back_off_in_the_shares_of_its_tick()
    {
        var c = new CellConditions(cells: 2, ticks: 10, dt: 1);
        c.Joined(1, 3, 100);
        c.Retried(1, 3, bin: 3, viewers: 20, backoffSum: 200); // 20 of the 100 retried, 10 s each on average
        Assert.Equal(10, c.Backoff(1, 4, 0.05), 12);              // join slot of tick 3 is 4
        Assert.Equal(10, c.Backoff(1, 4, 0.199), 12);
        Assert.Equal(0, c.Backoff(1, 4, 0.2));
        Assert.Equal(0, c.Backoff(1, 5, 0.05));                   // another tick: first tries only
        Assert.Equal(0, c.Backoff(0, 4, 0.05));
    }
}
