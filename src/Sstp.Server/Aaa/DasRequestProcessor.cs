using System.Buffers;
using System.Net;
using Microsoft.Extensions.Logging;
using Sstp.Protocol.Radius;

namespace Sstp.Server.Aaa;

/// <summary>
/// Turns one received datagram into the answer to send back, or into nothing (RFC 5176; AUTH.md §7.7).
/// <para>Theory of operation, in order:</para>
/// <list type="number">
/// <item>a source address that is no configured <see cref="DasClient"/> is dropped unread (RFC 5176 §5: only
/// authorised clients);</item>
/// <item>malformed packets (RFC 2865 §3) and codes other than Disconnect-Request (40) / CoA-Request (43) are dropped;</item>
/// <item>the Request Authenticator, and Message-Authenticator when present, are verified with that client's
/// secret (RFC 5176 §3.5); failures are dropped silently;</item>
/// <item>a retransmission (same source, Identifier and authenticator within <see cref="DasDuplicateCache.Window"/>)
/// gets the remembered answer and the sessions are not asked again;</item>
/// <item>an Event-Timestamp more than <see cref="EventTimestampWindow"/> away from our clock is dropped
/// (RFC 5176 §3.5 replay protection);</item>
/// <item>the attributes are read (<see cref="DasRequestReader"/>): a rule violation is NAKed with its Error-Cause,
/// otherwise <see cref="IDasSessionControl"/> decides: Done → ACK, NotFound → NAK 503, Unsupported → NAK 401;</item>
/// <item>the signed answer (<see cref="DasResponseWriter"/>) is remembered and returned.</item>
/// </list>
/// Drops are logged once per source address and kind, so a flood cannot fill the log. Not thread-safe: the
/// listener's single receive loop owns it.
/// </summary>
internal sealed class DasRequestProcessor
{
    /// <summary>RFC 5176 §3.5: "a default window of 300 seconds is recommended" for Event-Timestamp.</summary>
    public static readonly TimeSpan EventTimestampWindow = TimeSpan.FromSeconds(300);

    /// <summary>Distinct (address, kind) drops remembered for log-once before the memory is reset.</summary>
    private const int MaxLoggedDrops = 1024;

    private readonly IReadOnlyList<DasClient> _clients;
    private readonly IDasSessionControl _sessions;
    private readonly RadiusNasAttributes? _nas;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly long _start;
    private readonly DasDuplicateCache _duplicates = new();
    private readonly HashSet<(IPAddress Address, int Kind)> _loggedDrops = [];

    /// <summary>Creates the processor; see <see cref="DynamicAuthorizationListener"/> for the parameters.</summary>
    public DasRequestProcessor(IReadOnlyList<DasClient> clients, IDasSessionControl sessions, RadiusNasAttributes? nas, ILogger logger, TimeProvider time)
    {
        _clients = clients;
        _sessions = sessions;
        _nas = nas;
        _logger = logger;
        _time = time;
        _start = time.GetTimestamp();
    }

    /// <summary>
    /// Handles one datagram from <paramref name="source"/>; writes the answer into <paramref name="answer"/>
    /// (at least 4096 octets) and returns its length, or 0 when nothing is to be sent.
    /// </summary>
    public int Process(ReadOnlySpan<byte> datagram, IPEndPoint source, Span<byte> answer)
    {
        var client = FindClient(source.Address);
        if (client is null)
        {
            if (FirstDrop(source, 2))
            {
                DasLog.UnknownClient(_logger, source);
            }

            return 0;
        }

        if (RadiusPacket.TryRead(datagram, out var request, out var parseError) != OperationStatus.Done)
        {
            if (FirstDrop(source, 0))
            {
                DasLog.Malformed(_logger, source, parseError.ToString());
            }

            return 0;
        }

        if (request.Code is not (RadiusCode.DisconnectRequest or RadiusCode.CoARequest))
        {
            if (FirstDrop(source, 1))
            {
                DasLog.UnexpectedCode(_logger, source, (int)request.Code);
            }

            return 0;
        }

        var verify = Sstp.Protocol.Radius.RadiusAuthenticator.VerifyRequest(request.Bytes, client.Secret, requireMessageAuthenticator: false);
        if (verify != RadiusVerifyError.None)
        {
            if (FirstDrop(source, 3))
            {
                DasLog.VerificationFailed(_logger, source, verify.ToString());
            }

            return 0;
        }

        var now = _time.GetElapsedTime(_start);
        if (_duplicates.TryGet(source, request.Identifier, request.Authenticator, now, out var previous))
        {
            DasLog.Duplicate(_logger, source, request.Identifier);
            previous.CopyTo(answer);
            return previous.Length;
        }

        var parsed = DasRequestReader.Read(request, _nas);
        if (parsed.EventTimestamp is uint stamp)
        {
            long skew = stamp - _time.GetUtcNow().ToUnixTimeSeconds();
            if (Math.Abs(skew) > (long)EventTimestampWindow.TotalSeconds)
            {
                DasLog.Stale(_logger, source, request.Identifier, skew);
                return 0;
            }
        }

        bool disconnect = request.Code == RadiusCode.DisconnectRequest;
        string name = disconnect ? "Disconnect-Request" : "CoA-Request";
        var cause = parsed.Error ?? Decide(parsed, disconnect, name, request.Identifier, source);
        int length = DasResponseWriter.Write(request, cause, client.Secret, answer);
        _duplicates.Add(source, request.Identifier, request.Authenticator, answer[..length], now);
        DasLog.Answered(
            _logger, name, request.Identifier, source, parsed.Selector?.AcctSessionId, parsed.Selector?.UserName, parsed.Selector?.FramedIp,
            parsed.SessionTimeout, DescribeChange(parsed.RateLimit), cause is null ? "ACK" : "NAK", cause is { } c ? $"Error-Cause {(uint)c} {c}" : string.Empty);
        return length;
    }

    /// <summary>Asks the sessions and maps their outcome to null (ACK) or an Error-Cause.</summary>
    private DasErrorCause? Decide(DasRequest parsed, bool disconnect, string name, byte identifier, IPEndPoint source)
    {
        var selector = parsed.Selector!;
        DasOutcome outcome;
        try
        {
            outcome = disconnect ? _sessions.Disconnect(selector) : _sessions.Change(selector, parsed.SessionTimeout, parsed.RateLimit);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // The control is the server's code; its fault must not stop the listener (ARCHITECTURE.md C6).
            DasLog.ControlFailed(_logger, name, identifier, source, e);
            return DasErrorCause.ResourcesUnavailable;
        }

        return outcome switch
        {
            DasOutcome.Done => null,
            DasOutcome.NotFound => DasErrorCause.SessionContextNotFound,
            _ => DasErrorCause.UnsupportedAttribute,
        };
    }

    /// <summary>A CoA's rate for the log: each direction's new rate, or "unchanged" when the request does not name it.</summary>
    private static string DescribeChange(Sstp.Protocol.Policing.RateLimit rate) => rate.IsUnspecified
        ? "-"
        : $"down {Describe(rate.DownBitsPerSecond)} up {Describe(rate.UpBitsPerSecond)}";

    private static string Describe(long? bits) => bits switch
    {
        null => "unchanged",
        0 => "unlimited",
        _ => Sstp.Protocol.Policing.RateLimit.FormatRate(bits.Value) + "bit/s",
    };

    private DasClient? FindClient(IPAddress address)
    {
        var normalized = Normalize(address);
        foreach (var client in _clients)
        {
            if (Normalize(client.Address).Equals(normalized))
            {
                return client;
            }
        }

        return null;
    }

    private static IPAddress Normalize(IPAddress address) => address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;

    /// <summary>True the first time a drop of <paramref name="kind"/> is seen from this address.</summary>
    private bool FirstDrop(IPEndPoint source, int kind)
    {
        if (_loggedDrops.Count >= MaxLoggedDrops)
        {
            _loggedDrops.Clear();
        }

        return _loggedDrops.Add((Normalize(source.Address), kind));
    }
}
