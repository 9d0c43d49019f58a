using AmbientVerify.FaultTarget.Tracking;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace AmbientVerify.FaultTarget.Tests.Tracking;

public sealed class TryTrackerTests
{
    private const string Service = "ecommerce/customer-service";

    private readonly FakeTimeProvider time = new(new DateTimeOffset(2025, 6, 1, 9, 0, 0, TimeSpan.Zero));

    private TryTracker Tracker(int maxTracked = 100, int ttlMinutes = 10) => new(time, Options.Create(new FaultTargetOptions
    {
        MaxTrackedRequests = maxTracked,
        TrackedRequestTtl = TimeSpan.FromMinutes(ttlMinutes),
    }));

    [Fact]
    public void Tries_of_a_uuid_are_numbered_from_one_in_arrival_order()
    {
        var tracker = Tracker();
        Assert.Equal([1, 2, 3], Enumerable.Range(0, 3).Select(_ => tracker.RecordTry("a", null, Service).Number));
    }

    [Fact]
    public void Each_uuid_has_its_own_count()
    {
        var tracker = Tracker();
        tracker.RecordTry("a", null, Service);
        tracker.RecordTry("a", null, Service);
        Assert.Equal(1, tracker.RecordTry("b", null, Service).Number);
        Assert.Equal(2, tracker.GetTries("a").Count);
    }

    [Fact]
    public void An_unknown_uuid_has_no_tries()
    {
        Assert.Same(TriesSnapshot.Empty, Tracker().GetTries("never-seen"));
    }

    [Fact]
    public void A_try_records_its_arrival_time_attempt_count_and_outcome()
    {
        var tracker = Tracker();
        var tracked = tracker.RecordTry("a", "2", Service);
        tracked.Complete("503");

        var recorded = Assert.Single(tracker.GetTries("a").Tries);
        Assert.Equal((time.GetUtcNow(), "2", "503"), (recorded.ReceivedAt, recorded.AttemptCount, recorded.Outcome));
    }

    [Fact]
    public void A_try_records_the_service_that_served_it()
    {
        var tracker = Tracker();
        tracker.RecordTry("a", null, "ecommerce/order-service");
        Assert.Equal("ecommerce/order-service", Assert.Single(tracker.GetTries("a").Tries).Service);
    }

    [Fact]
    public void Tries_of_one_uuid_are_numbered_across_services_and_counted_per_service()
    {
        var tracker = Tracker();
        string[] servedBy = ["ecommerce/order-service", "ecommerce/customer-service", "ecommerce/order-service"];

        var numbers = servedBy.Select(service => tracker.RecordTry("a", null, service).Number).ToList();

        var snapshot = tracker.GetTries("a");
        Assert.Equal([1, 2, 3], numbers);
        Assert.Equal(3, snapshot.Count);
        Assert.Equal(new Dictionary<string, int> { ["ecommerce/customer-service"] = 1, ["ecommerce/order-service"] = 2 }, snapshot.ByService);
    }

    [Fact]
    public void Tries_beyond_the_recording_limit_still_add_to_their_service()
    {
        var tracker = Tracker();
        for (var i = 0; i < TryTracker.MaxRecordedTriesPerRequest + 5; i++)
        {
            tracker.RecordTry("a", null, Service);
        }
        Assert.Equal(TryTracker.MaxRecordedTriesPerRequest + 5, tracker.GetTries("a").ByService[Service]);
    }

    [Fact]
    public void A_try_is_pending_until_it_completes()
    {
        var tracker = Tracker();
        tracker.RecordTry("a", null, Service);
        Assert.Equal(TryOutcomes.Pending, tracker.GetTries("a").Tries[0].Outcome);
    }

    [Fact]
    public void Concurrent_tries_get_distinct_numbers()
    {
        var tracker = Tracker();
        var numbers = new int[1000];
        Parallel.For(0, numbers.Length, i => numbers[i] = tracker.RecordTry("a", null, Service).Number);
        Assert.Equal(Enumerable.Range(1, numbers.Length), numbers.Order());
    }

    [Fact]
    public void When_full_the_uuid_tried_least_recently_is_forgotten()
    {
        var tracker = Tracker(maxTracked: 2);
        tracker.RecordTry("old", null, Service);
        tracker.RecordTry("newer", null, Service);
        tracker.RecordTry("old", null, Service); // "old" is now the most recently tried
        tracker.RecordTry("newest", null, Service);

        Assert.Equal((2, 0, 1), (tracker.GetTries("old").Count, tracker.GetTries("newer").Count, tracker.GetTries("newest").Count));
    }

    [Fact]
    public void The_number_of_tracked_uuids_never_exceeds_the_limit()
    {
        var tracker = Tracker(maxTracked: 5);
        for (var i = 0; i < 50; i++)
        {
            tracker.RecordTry($"u{i}", null, Service);
        }
        Assert.Equal(5, tracker.TrackedCount);
    }

    [Fact]
    public void A_uuid_is_forgotten_once_its_last_try_is_older_than_the_ttl()
    {
        var tracker = Tracker(ttlMinutes: 10);
        tracker.RecordTry("a", null, Service);
        time.Advance(TimeSpan.FromMinutes(10));
        Assert.Equal(0, tracker.GetTries("a").Count);
    }

    [Fact]
    public void A_uuid_is_kept_while_its_last_try_is_younger_than_the_ttl()
    {
        var tracker = Tracker(ttlMinutes: 10);
        tracker.RecordTry("a", null, Service);
        time.Advance(TimeSpan.FromMinutes(8));
        tracker.RecordTry("a", null, Service);
        time.Advance(TimeSpan.FromMinutes(8));
        Assert.Equal(2, tracker.GetTries("a").Count);
    }

    [Fact]
    public void A_forgotten_uuid_counts_again_from_one()
    {
        var tracker = Tracker(ttlMinutes: 1);
        tracker.RecordTry("a", null, Service);
        time.Advance(TimeSpan.FromMinutes(2));
        Assert.Equal(1, tracker.RecordTry("a", null, Service).Number);
    }

    [Fact]
    public void Tries_beyond_the_recording_limit_are_counted_but_not_recorded()
    {
        var tracker = Tracker();
        for (var i = 0; i < TryTracker.MaxRecordedTriesPerRequest + 5; i++)
        {
            tracker.RecordTry("a", null, Service);
        }
        var snapshot = tracker.GetTries("a");
        Assert.Equal((TryTracker.MaxRecordedTriesPerRequest + 5, TryTracker.MaxRecordedTriesPerRequest), (snapshot.Count, snapshot.Tries.Count));
    }
}
