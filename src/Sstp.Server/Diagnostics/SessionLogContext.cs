using System.Collections;
using System.Globalization;
using System.Net;

namespace Sstp.Server.Diagnostics;

/// <summary>
/// What every log line of one session carries: its id, the client's SSTPCORRELATIONID, the user and the peer.
/// The server opens it as a logging scope around the session's async flow, so every line logged there carries
/// it without naming it. The fields are read when a line is written, so the correlation id and the user appear
/// as soon as they are known, and nothing is done per data packet.
/// </summary>
public sealed class SessionLogContext : IReadOnlyList<KeyValuePair<string, object?>>
{
    /// <summary>The field name of the session id.</summary>
    public const string SessionKey = "session";

    /// <summary>The field name of the client's SSTPCORRELATIONID.</summary>
    public const string CorrelationIdKey = "correlation_id";

    /// <summary>The field name of the user (the name tried, then the one authenticated).</summary>
    public const string UserKey = "user";

    /// <summary>The field name of the client's TCP address.</summary>
    public const string PeerKey = "peer";

    private readonly Func<string?>? _correlationId;
    private readonly object _boxedId;
    private readonly string? _peer;
    private volatile string? _user;
    private volatile Snapshot? _snapshot;

    /// <summary>Creates the context of session <paramref name="sessionId"/>.</summary>
    /// <param name="sessionId">The server-unique session number.</param>
    /// <param name="peer">The client's TCP address, if known.</param>
    /// <param name="correlationId">Reads the client's SSTPCORRELATIONID (null until the HTTP request was parsed).</param>
    public SessionLogContext(long sessionId, IPEndPoint? peer, Func<string?>? correlationId = null)
    {
        SessionId = sessionId;
        Peer = peer;
        _boxedId = sessionId;
        _peer = peer?.ToString();
        _correlationId = correlationId;
    }

    /// <summary>The server-unique session number.</summary>
    public long SessionId { get; }

    /// <summary>The client's TCP address.</summary>
    public IPEndPoint? Peer { get; }

    /// <summary>The client's SSTPCORRELATIONID, once its HTTP request was read.</summary>
    public string? CorrelationId => _correlationId?.Invoke();

    /// <summary>The user name: the one tried while authenticating, then the one authenticated. Null before.</summary>
    public string? User
    {
        get => _user;
        set => _user = value;
    }

    /// <inheritdoc/>
    public int Count => Current().Fields.Length;

    /// <inheritdoc/>
    public KeyValuePair<string, object?> this[int index] => Current().Fields[index];

    /// <inheritdoc/>
    public IEnumerator<KeyValuePair<string, object?>> GetEnumerator() => ((IEnumerable<KeyValuePair<string, object?>>)Current().Fields).GetEnumerator();

    /// <inheritdoc/>
    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>The fields as <c>key=value</c> pairs separated by spaces (how the text log shows them).</summary>
    public override string ToString() =>
        string.Join(' ', Current().Fields.Select(f => string.Create(CultureInfo.InvariantCulture, $"{f.Key}={f.Value}")));

    /// <summary>The fields known now; rebuilt only when the user or the correlation id changed.</summary>
    private Snapshot Current()
    {
        string? user = _user;
        string? correlation = CorrelationId;
        var snapshot = _snapshot;
        if (snapshot is not null && ReferenceEquals(snapshot.User, user) && ReferenceEquals(snapshot.CorrelationId, correlation))
        {
            return snapshot;
        }

        var fields = new List<KeyValuePair<string, object?>>(4) { new(SessionKey, _boxedId) };
        if (correlation is not null)
        {
            fields.Add(new(CorrelationIdKey, correlation));
        }

        if (user is not null)
        {
            fields.Add(new(UserKey, user));
        }

        if (_peer is not null)
        {
            fields.Add(new(PeerKey, _peer));
        }

        snapshot = new Snapshot(user, correlation, [.. fields]);
        _snapshot = snapshot;
        return snapshot;
    }

    private sealed record Snapshot(string? User, string? CorrelationId, KeyValuePair<string, object?>[] Fields);
}
