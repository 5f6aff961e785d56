using dotnet_etcd;
using Etcdserverpb;
using Google.Protobuf;
using Grpc.Core;
using Grpc.Net.Client;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using V3Electionpb;
using WebInfra.Database.Failover;

namespace WebInfra.Database.Leadership;

/// <summary>
/// The leadership of a site with several monitors, elected through the site's etcd cluster as Patroni does: each
/// monitor holds an etcd lease (TTL <see cref="LeaseTtl"/>, renewed every <see cref="KeepAliveInterval"/>) and
/// campaigns with it in etcd's own election (<c>v3election</c> Campaign, Leader, Resign). The elected monitor counts
/// itself leader only until the last renewal etcd acknowledged was sent plus the TTL less <see cref="SafetyMargin"/>,
/// so it stops acting strictly before etcd can let the lease expire and elect another. The agreed primary is a key of
/// the site (<c>/webinfra/SITE/primary</c> = <c>node epoch</c>), written in one transaction that holds only while this
/// monitor's leader key still exists with its lease and the primary key still holds what the caller read.
/// </summary>
internal sealed partial class EtcdMonitorLeadership : IMonitorLeadership, IHostedService, IDisposable
{
    /// <summary>The lease's time to live: how long a dead leader holds the election.</summary>
    public static readonly TimeSpan LeaseTtl = TimeSpan.FromSeconds(2);

    /// <summary>How often the lease is renewed.</summary>
    public static readonly TimeSpan KeepAliveInterval = TimeSpan.FromMilliseconds(500);

    /// <summary>How long before its lease can expire a leader stops acting (clock rates and the request's way there).</summary>
    public static readonly TimeSpan SafetyMargin = TimeSpan.FromMilliseconds(500);

    /// <summary>How long one request to etcd (not a campaign, which waits for its turn) may take.</summary>
    private static readonly TimeSpan s_requestTimeout = TimeSpan.FromSeconds(1);

    private readonly string _monitorName;
    private readonly string _electionName;
    private readonly string _primaryKey;
    private readonly PrimaryRecord _record;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly GrpcChannel _channel;
    private readonly EtcdClient _etcd;
    private readonly Lease.LeaseClient _leases;
    private readonly string _endpoints;
    private readonly CancellationTokenSource _stopping = new();

    private Task _running = Task.CompletedTask;
    private long _leaseId;
    private LeaderKey? _leaderKey;
    private long _validUntil;
    private DateTimeOffset? _since;
    private string? _observedLeader;
    private string? _problem = "not in touch with etcd yet";

    public EtcdMonitorLeadership(string monitorName, string site, IReadOnlyList<Uri> endpoints, PrimaryRecord record, TimeProvider time, ILogger<EtcdMonitorLeadership> logger)
    {
        _monitorName = monitorName;
        _electionName = $"/webinfra/{site}/leader";
        _primaryKey = $"/webinfra/{site}/primary";
        _record = record;
        _time = time;
        _logger = logger;
        _endpoints = string.Join(", ", endpoints.Select(e => e.Authority));
        _channel = EtcdChannel.For(endpoints);
        var invoker = _channel.CreateCallInvoker();
        _etcd = new EtcdClient(invoker);
        _leases = new Lease.LeaseClient(invoker);
    }

    public LeadershipState Current
    {
        get
        {
            var leading = IsLeading;
            return new(leading, leading ? _monitorName : _observedLeader, leading ? _since : null, _problem);
        }
    }

    /// <summary>Elected, and the lease etcd last renewed is sure not to have expired yet.</summary>
    private bool IsLeading => _leaderKey is not null && _time.GetTimestamp() < Interlocked.Read(ref _validUntil);

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _running = Task.WhenAll(Task.Run(() => CampaignLoopAsync(_stopping.Token), CancellationToken.None), Task.Run(() => WatchLeaderAsync(_stopping.Token), CancellationToken.None));
        return Task.CompletedTask;
    }

    /// <summary>Resigns (so another monitor is elected at once rather than after the lease's TTL) and revokes the lease.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        var leader = _leaderKey;
        _leaderKey = null;
        await _stopping.CancelAsync();
        try
        {
            if (leader is not null)
            {
                await _etcd.ResignAsync(new ResignRequest { Leader = leader }, deadline: Deadline(), cancellationToken: cancellationToken);
                Log.Resigned(_logger, _monitorName);
            }
        }
        catch (RpcException e)
        {
            Log.EtcdUnreachable(_logger, _endpoints, e.Status.Detail);
        }

        await RevokeAsync(Interlocked.Exchange(ref _leaseId, 0));
        await _running.WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    public void Dispose()
    {
        _stopping.Dispose();
        _channel.Dispose();
    }

    public async Task<PrimaryEpoch?> ReadPrimaryAsync(CancellationToken cancellationToken)
    {
        try
        {
            if (await GetPrimaryAsync(cancellationToken) is { } agreed)
            {
                return agreed;
            }

            // The first leader of a site that ran with one monitor carries its record over.
            if (_record.Read() is { } seed && IsLeading)
            {
                await _etcd.TransactionAsync(RecordRequest(seed, expected: null), deadline: Deadline(), cancellationToken: cancellationToken);
            }

            return await GetPrimaryAsync(cancellationToken);
        }
        catch (RpcException e)
        {
            throw new InvalidOperationException($"etcd cannot be reached at {_endpoints} to read the agreed primary: {e.Status.Detail}", e);
        }
    }

    public Task<PrimaryEpoch?> RecordPrimaryAsync(string node, PrimaryEpoch? expected, CancellationToken cancellationToken) =>
        ReplaceAsync(new PrimaryEpoch(node, (expected?.Epoch ?? 0) + 1), expected, cancellationToken);

    public Task<PrimaryEpoch?> RecordDegradedAsync(bool degraded, PrimaryEpoch expected, CancellationToken cancellationToken) =>
        ReplaceAsync(expected with { Degraded = degraded }, expected, cancellationToken);

    /// <summary>Writes <paramref name="next"/> over <paramref name="expected"/> in one transaction, while this monitor leads.</summary>
    private async Task<PrimaryEpoch?> ReplaceAsync(PrimaryEpoch next, PrimaryEpoch? expected, CancellationToken cancellationToken)
    {
        if (!IsLeading)
        {
            return null;
        }

        try
        {
            var response = await _etcd.TransactionAsync(RecordRequest(next, expected), deadline: Deadline(), cancellationToken: cancellationToken);
            if (!response.Succeeded)
            {
                return null;
            }
        }
        catch (RpcException e)
        {
            Log.EtcdUnreachable(_logger, _endpoints, e.Status.Detail);
            return null;
        }

        // The run state's record follows etcd's, for the tools that read it and for a site that goes back to one monitor.
        _record.Write(next);
        Log.Recorded(_logger, next.Node, next.Epoch);
        return next;
    }

    /// <summary>
    /// The transaction that writes <paramref name="next"/>: only while this monitor's leader key exists with its lease,
    /// and the primary key holds <paramref name="expected"/> (or does not exist when it is null).
    /// </summary>
    private TxnRequest RecordRequest(PrimaryEpoch next, PrimaryEpoch? expected)
    {
        var leader = _leaderKey ?? throw new InvalidOperationException("only the elected monitor records the primary");
        var request = new TxnRequest();
        request.Compare.Add(new Compare { Key = leader.Key, Target = Compare.Types.CompareTarget.Lease, Result = Compare.Types.CompareResult.Equal, Lease = leader.Lease });
        request.Compare.Add(expected is null
            ? new Compare { Key = ByteString.CopyFromUtf8(_primaryKey), Target = Compare.Types.CompareTarget.Version, Result = Compare.Types.CompareResult.Equal, Version = 0 }
            : new Compare { Key = ByteString.CopyFromUtf8(_primaryKey), Target = Compare.Types.CompareTarget.Value, Result = Compare.Types.CompareResult.Equal, Value = ByteString.CopyFromUtf8(PrimaryRecord.Format(expected)) });
        request.Success.Add(new RequestOp { RequestPut = new PutRequest { Key = ByteString.CopyFromUtf8(_primaryKey), Value = ByteString.CopyFromUtf8(PrimaryRecord.Format(next)) } });
        return request;
    }

    private async Task<PrimaryEpoch?> GetPrimaryAsync(CancellationToken cancellationToken)
    {
        var response = await _etcd.GetAsync(_primaryKey, deadline: Deadline(), cancellationToken: cancellationToken);
        return response.Kvs.Count == 0 ? null : PrimaryRecord.Parse(response.Kvs[0].Value.ToStringUtf8());
    }

    /// <summary>
    /// Grants a lease, keeps it alive and campaigns with it; once elected, leads until the lease is lost (etcd cannot
    /// be reached for longer than the TTL, or says the lease is gone), then starts over with a new lease.
    /// </summary>
    private async Task CampaignLoopAsync(CancellationToken stopping)
    {
        while (!stopping.IsCancellationRequested)
        {
            using var round = CancellationTokenSource.CreateLinkedTokenSource(stopping);
            try
            {
                var sent = _time.GetTimestamp();
                var lease = await _etcd.LeaseGrantAsync(new LeaseGrantRequest { TTL = (long)LeaseTtl.TotalSeconds }, deadline: Deadline(), cancellationToken: stopping);
                _leaseId = lease.ID;
                Renewed(sent, lease.TTL);
                var keepAlive = KeepAliveAsync(lease.ID, sent, round.Token);
                var campaign = _etcd.CampaignAsync(
                    new CampaignRequest { Name = ByteString.CopyFromUtf8(_electionName), Lease = lease.ID, Value = ByteString.CopyFromUtf8(_monitorName) },
                    cancellationToken: round.Token);
                if (await Task.WhenAny(keepAlive, campaign) == campaign)
                {
                    _leaderKey = (await campaign).Leader;
                    _since = _time.GetUtcNow();
                    Log.Elected(_logger, _monitorName, _electionName);
                    await keepAlive;
                }
                else
                {
                    await keepAlive;
                }
            }
            catch (Exception e) when (e is RpcException or LeaseLostException && !stopping.IsCancellationRequested)
            {
                _problem = e is RpcException rpc ? Unreachable(rpc) : e.Message;
                if (_leaderKey is not null)
                {
                    Log.LeadershipLost(_logger, _monitorName, _problem);
                }
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                return;
            }
            finally
            {
                _leaderKey = null;
                _since = null;
                await round.CancelAsync();
            }

            // The old lease's key would otherwise stay in the election's queue until it expires, ahead of the new one.
            await RevokeAsync(Interlocked.Exchange(ref _leaseId, 0));
            await Task.Delay(KeepAliveInterval, _time, stopping).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    /// <summary>Gives a lease back (0: none), so etcd deletes its keys at once; best effort, bounded.</summary>
    private async Task RevokeAsync(long lease)
    {
        if (lease == 0)
        {
            return;
        }

        try
        {
            await _etcd.LeaseRevokeAsync(new LeaseRevokeRequest { ID = lease }, deadline: Deadline());
        }
        catch (RpcException e)
        {
            Log.EtcdUnreachable(_logger, _endpoints, e.Status.Detail);
        }
    }

    /// <summary>
    /// Renews the lease every <see cref="KeepAliveInterval"/>, one request at a time, each bounded; throws once the
    /// lease is gone or may have expired (no renewal sent within the TTL got an answer).
    /// </summary>
    private async Task KeepAliveAsync(long leaseId, long lastRenewed, CancellationToken cancellationToken)
    {
        while (true)
        {
            await Task.Delay(KeepAliveInterval, _time, cancellationToken);
            var sent = _time.GetTimestamp();
            try
            {
                using var call = _leases.LeaseKeepAlive(deadline: Deadline(), cancellationToken: cancellationToken);
                await call.RequestStream.WriteAsync(new LeaseKeepAliveRequest { ID = leaseId }, cancellationToken);
                await call.RequestStream.CompleteAsync();
                if (!await call.ResponseStream.MoveNext(cancellationToken) || call.ResponseStream.Current.TTL <= 0)
                {
                    throw new LeaseLostException("etcd let this monitor's lease expire");
                }

                Renewed(sent, call.ResponseStream.Current.TTL);
                lastRenewed = sent;
                _problem = null;
            }
            catch (RpcException e) when (!cancellationToken.IsCancellationRequested)
            {
                _problem = Unreachable(e);
                if (_time.GetElapsedTime(lastRenewed) >= LeaseTtl)
                {
                    throw new LeaseLostException($"{_problem}; the lease may have expired");
                }
            }
        }
    }

    /// <summary>Leads (when elected) until <paramref name="sent"/>, the renewal's sending, plus the TTL etcd granted less the margin.</summary>
    private void Renewed(long sent, long ttlSeconds) =>
        Interlocked.Exchange(ref _validUntil, sent + (long)((TimeSpan.FromSeconds(ttlSeconds) - SafetyMargin).TotalSeconds * _time.TimestampFrequency));

    /// <summary>Asks etcd which monitor leads, every <see cref="KeepAliveInterval"/>, for the monitors that do not.</summary>
    private async Task WatchLeaderAsync(CancellationToken stopping)
    {
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                var response = await _etcd.LeaderAsync(new LeaderRequest { Name = ByteString.CopyFromUtf8(_electionName) }, deadline: Deadline(), cancellationToken: stopping);
                _observedLeader = response.Kv?.Value.ToStringUtf8();
                if (_leaderKey is null)
                {
                    _problem = null;
                }
            }
            catch (RpcException e) when (!stopping.IsCancellationRequested)
            {
                // etcd answers "election: no leader" when no monitor campaigns with a live lease.
                _observedLeader = null;
                _problem = e.Status.Detail.Contains("no leader", StringComparison.Ordinal) ? null : Unreachable(e);
            }

            await Task.Delay(KeepAliveInterval, _time, stopping).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    private string Unreachable(RpcException e) => $"etcd cannot be reached at {_endpoints} ({e.StatusCode}: {e.Status.Detail})";

    private DateTime Deadline() => _time.GetUtcNow().UtcDateTime + s_requestTimeout;

    private static partial class Log
    {
        [LoggerMessage(Logging.EventIds.LeaderElected, LogLevel.Warning, "Leadership: {Monitor} is elected to act on the cluster ({Election})")]
        public static partial void Elected(ILogger logger, string monitor, string election);

        [LoggerMessage(Logging.EventIds.LeadershipLost, LogLevel.Warning, "Leadership: {Monitor} no longer leads: {Reason}")]
        public static partial void LeadershipLost(ILogger logger, string monitor, string reason);

        [LoggerMessage(Logging.EventIds.LeaderResigned, LogLevel.Information, "Leadership: {Monitor} resigned")]
        public static partial void Resigned(ILogger logger, string monitor);

        [LoggerMessage(Logging.EventIds.EtcdUnreachable, LogLevel.Warning, "Leadership: etcd cannot be reached at {Endpoints}: {Error}")]
        public static partial void EtcdUnreachable(ILogger logger, string endpoints, string error);

        [LoggerMessage(Logging.EventIds.PrimaryRecordedInEtcd, LogLevel.Information, "Leadership: {Node} recorded in etcd as the primary of epoch {Epoch}")]
        public static partial void Recorded(ILogger logger, string node, long epoch);
    }
}
