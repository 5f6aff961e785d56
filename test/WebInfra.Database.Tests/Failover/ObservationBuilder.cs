using WebInfra.Database.Monitoring;
using WebInfra.Database.Provisioning;
using WebInfra.Database.Replication;

namespace WebInfra.Database.Tests.Failover;

internal static class ObservationBuilder
{
    public static DatabaseNode Node(int id) =>
        new($"server-{id}/db", $"127.0.7.{id}", 13706, $"/var/lib/webinfra/server-{id}/db", id, id == 1 ? DatabaseRole.Primary : DatabaseRole.Replica);

    public static NodeObservation Primary(int id, string gtid) =>
        new(Node(id), Up: true, Error: null) { ReadOnly = false, GtidCurrentPos = gtid, GtidBinlogPos = gtid };

    public static NodeObservation Replica(int id, string gtid, int of = 1, string? lastError = null, bool running = true) =>
        new(Node(id), Up: true, Error: null)
        {
            GtidCurrentPos = gtid,
            GtidBinlogPos = gtid,
            Replication = new ReplicationStatus(running, running && lastError is null, 0, gtid, lastError)
            {
                MasterHost = Node(of).Host,
                MasterPort = Node(of).Port,
                IoConnecting = false,
            },
        };

    public static NodeObservation Standalone(int id, string gtid) =>
        new(Node(id), Up: true, Error: null) { GtidCurrentPos = gtid, GtidBinlogPos = gtid };

    public static NodeObservation Down(int id) => new(Node(id), Up: false, "Connection refused");
}
