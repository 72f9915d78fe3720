using System.Text;
using Sstp.Protocol.Radius;
using RadiusSigner = Sstp.Protocol.Radius.RadiusAuthenticator;

namespace Sstp.Server.Aaa;

/// <summary>
/// Builds a signed Accounting-Request [RFC 2866 §4.1, §5; RFC 2869 §5.1–§5.3; RFC 3162 §2.3; AUTH.md §7.6]:
/// <code>
/// Code 4 | Identifier | Length | Request Authenticator = MD5(Code‖Id‖Length‖16×00‖Attributes‖Secret)
/// Acct-Status-Type(40) Acct-Authentic(45) User-Name(1)
/// NAS attributes (NAS-Identifier, NAS-IP-Address, NAS-Port…, Service-Type, Framed-Protocol, Calling/Called-Station-Id)
///   with Acct-Session-Id(44) = the session's id
/// Framed-IP-Address(8) Framed-IPv6-Prefix(97) Class(25)* Event-Timestamp(55) Acct-Delay-Time(41)
/// Interim/Stop: Acct-Session-Time(46) Acct-Input/Output-Octets(42/43) Acct-Input/Output-Gigawords(52/53)
///               Acct-Input/Output-Packets(47/48)
/// Stop:         Acct-Terminate-Cause(49)
/// </code>
/// Octet counters are split into the low 32 bits and the number of 2^32 wraps (Gigawords).
/// </summary>
internal static class AccountingPacket
{
    /// <summary>Acct-Authentic RADIUS (RFC 2866 §5.6).</summary>
    public const uint AuthenticRadius = 1;

    /// <summary>Acct-Authentic Local.</summary>
    public const uint AuthenticLocal = 2;

    /// <summary>Builds and signs the request; null when a value cannot be encoded (over-long User-Name…).</summary>
    public static byte[]? TryBuild(AccountingRecord record, TimeSpan delay, ReadOnlySpan<byte> secret, byte identifier)
    {
        var session = record.Session;
        if (Encoding.UTF8.GetByteCount(session.UserName) is 0 or > RadiusPacket.MaxAttributeValueLength
            || Encoding.UTF8.GetByteCount(session.SessionId) is 0 or > RadiusPacket.MaxAttributeValueLength)
        {
            return null;
        }

        var buffer = new byte[RadiusPacket.MaxLength];
        try
        {
            int length = Write(buffer, record, delay, identifier);
            RadiusSigner.SignRequest(buffer.AsSpan(0, length), secret);
            return buffer[..length];
        }
        catch (ArgumentException)
        {
            // A NAS attribute of the wrong family or too long, or too many Class values: the record cannot be sent.
            return null;
        }
    }

    private static int Write(Span<byte> buffer, AccountingRecord record, TimeSpan delay, byte identifier)
    {
        var session = record.Session;
        Span<byte> zero = stackalloc byte[RadiusPacket.AuthenticatorLength];
        zero.Clear();
        var writer = new RadiusPacketWriter(buffer, RadiusCode.AccountingRequest, identifier, zero);
        writer.AddUInt32(RadiusAttributeType.AcctStatusType, record.StatusType);
        writer.AddUInt32(RadiusAttributeType.AcctAuthentic, session.RadiusAuthenticated ? AuthenticRadius : AuthenticLocal);
        writer.AddString(RadiusAttributeType.UserName, session.UserName);
        (session.Nas with { AcctSessionId = session.SessionId }).WriteTo(ref writer);
        if (session.FramedIp is { AddressFamily: System.Net.Sockets.AddressFamily.InterNetwork } framed)
        {
            writer.AddIPv4(RadiusAttributeType.FramedIpAddress, framed);
        }

        if (session.FramedIpv6Prefix is System.Net.IPNetwork prefix)
        {
            writer.AddIPv6Prefix(RadiusAttributeType.FramedIpv6Prefix, prefix.BaseAddress, prefix.PrefixLength);
        }

        foreach (var value in session.Classes)
        {
            writer.Add(RadiusAttributeType.Class, value);
        }

        writer.AddUInt32(RadiusAttributeType.EventTimestamp, (uint)Math.Clamp(record.EventTime.ToUnixTimeSeconds(), 0, uint.MaxValue));
        writer.AddUInt32(RadiusAttributeType.AcctDelayTime, WholeSeconds(delay));
        if (record.Counters is AccountingCounters counters)
        {
            writer.AddUInt32(RadiusAttributeType.AcctSessionTime, WholeSeconds(counters.SessionTime));
            AddOctets(ref writer, RadiusAttributeType.AcctInputOctets, RadiusAttributeType.AcctInputGigawords, counters.InputOctets);
            AddOctets(ref writer, RadiusAttributeType.AcctOutputOctets, RadiusAttributeType.AcctOutputGigawords, counters.OutputOctets);
            writer.AddUInt32(RadiusAttributeType.AcctInputPackets, (uint)Math.Max(0, counters.InputPackets));
            writer.AddUInt32(RadiusAttributeType.AcctOutputPackets, (uint)Math.Max(0, counters.OutputPackets));
        }

        if (record.TerminateCause is uint cause)
        {
            writer.AddUInt32(RadiusAttributeType.AcctTerminateCause, cause);
        }

        return writer.Finish();
    }

    /// <summary>RFC 2869 §5.1/§5.2: Gigawords counts how many times the 32-bit octet counter wrapped.</summary>
    private static void AddOctets(ref RadiusPacketWriter writer, RadiusAttributeType octets, RadiusAttributeType gigawords, long value)
    {
        ulong total = (ulong)Math.Max(0, value);
        writer.AddUInt32(octets, (uint)total);
        writer.AddUInt32(gigawords, (uint)(total >> 32));
    }

    private static uint WholeSeconds(TimeSpan span) =>
        (uint)Math.Clamp(span.Ticks / TimeSpan.TicksPerSecond, 0, uint.MaxValue);
}
