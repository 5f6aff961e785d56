using Microsoft.Extensions.Time.Testing;
using WebInfra.Database.Replication;

namespace WebInfra.Database.Tests.Replication;

public sealed class ReplicaContactTests
{
    [Fact]
    public void A_reported_lag_is_a_new_contact()
    {
        Assert.Equal(new ReplicaContact(500, 3), ReplicaContact.Next(new ReplicaContact(100, 0), lagSeconds: 3, now: 500));
    }

    [Fact]
    public void Without_a_lag_the_last_contact_stays_and_a_replica_never_seen_in_touch_has_none()
    {
        Assert.Equal(new ReplicaContact(100, 2), ReplicaContact.Next(new ReplicaContact(100, 2), lagSeconds: null, now: 500));
        Assert.Null(ReplicaContact.Next(null, lagSeconds: null, now: 500));
    }

    [Fact]
    public void Data_age_is_the_last_lag_plus_the_time_since()
    {
        var time = new FakeTimeProvider();
        var contact = ReplicaContact.Next(null, lagSeconds: 2, time.GetTimestamp())!.Value;

        time.Advance(TimeSpan.FromSeconds(40));

        Assert.Equal(42, contact.AgeSeconds(time.GetTimestamp(), time), precision: 6);
    }
}
