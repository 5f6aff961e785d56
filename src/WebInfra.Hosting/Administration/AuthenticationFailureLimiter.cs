using System.Collections.Concurrent;
using System.Net;

namespace WebInfra.Hosting.Administration;

/// <summary>
/// Counts failed authentications per source address with a token bucket (<see cref="Burst"/> failures at once, then one
/// more every <see cref="RefillInterval"/>, as nginx's <c>limit_req</c> with a burst), and tells when a source has spent
/// its budget: its further failures are answered 429 instead of 401, and logged once, not once per request.
/// </summary>
/// <remarks>
/// Only failures are limited; a request with a valid token always passes. On one machine every unbound client connects
/// from 127.0.0.1, so refusing a source outright would let anyone who can reach a listener lock out the operator and
/// the monitor; and a 256-bit token cannot be guessed at any rate, so the limit is there to slow scanners and keep the
/// log quiet, not to protect the tokens' entropy. At most <see cref="MaxSources"/> sources are tracked; past that, those
/// idle long enough to have their whole budget back are forgotten, and new ones share one bucket.
/// </remarks>
internal sealed class AuthenticationFailureLimiter(TimeProvider time)
{
    /// <summary>Failures a source may make in a row before it is limited.</summary>
    public const int Burst = 10;

    /// <summary>How often a limited source earns one more failure: 10 a minute once the burst is spent.</summary>
    public static readonly TimeSpan RefillInterval = TimeSpan.FromSeconds(6);

    /// <summary>Sources tracked at once.</summary>
    public const int MaxSources = 10_000;

    private static readonly IPAddress s_overflow = IPAddress.IPv6None;

    private readonly ConcurrentDictionary<IPAddress, Bucket> _buckets = new();

    /// <summary>Counts a failure of <paramref name="source"/> and says whether it is within its budget.</summary>
    public FailureVerdict Fail(IPAddress? source)
    {
        var now = time.GetTimestamp();
        var key = source ?? s_overflow;
        if (!_buckets.TryGetValue(key, out var bucket))
        {
            if (_buckets.Count >= MaxSources)
            {
                ForgetIdle(now);
            }

            bucket = _buckets.Count >= MaxSources ? _buckets.GetOrAdd(s_overflow, _ => new Bucket(now)) : _buckets.GetOrAdd(key, _ => new Bucket(now));
        }

        return bucket.Take(now, time);
    }

    private void ForgetIdle(long now)
    {
        foreach (var (address, bucket) in _buckets)
        {
            if (bucket.IsFull(now, time))
            {
                _buckets.TryRemove(address, out _);
            }
        }
    }

    private sealed class Bucket(long now)
    {
        private readonly Lock _lock = new();
        private double _tokens = Burst;
        private long _updated = now;
        private bool _reported;

        public FailureVerdict Take(long now, TimeProvider time)
        {
            lock (_lock)
            {
                Refill(now, time);
                if (_tokens >= 1)
                {
                    _tokens -= 1;
                    return new FailureVerdict(Limited: false, FirstLimited: false, RetryAfter: TimeSpan.Zero);
                }

                var first = !_reported;
                _reported = true;
                return new FailureVerdict(Limited: true, FirstLimited: first, RetryAfter: RefillInterval * (1 - _tokens));
            }
        }

        public bool IsFull(long now, TimeProvider time)
        {
            lock (_lock)
            {
                Refill(now, time);
                return _tokens >= Burst;
            }
        }

        private void Refill(long now, TimeProvider time)
        {
            _tokens = Math.Min(Burst, _tokens + (time.GetElapsedTime(_updated, now) / RefillInterval));
            _updated = now;

            // A source that has its whole budget back starts a new episode: if it fails again past it, that is logged again.
            if (_tokens >= Burst)
            {
                _reported = false;
            }
        }
    }
}
