using System.Buffers.Binary;
using System.Net;
using Sstp.Protocol.Ppp.Negotiation;

namespace Sstp.Protocol.Ppp.Ipcp;

/// <summary>
/// The IPCP option policy (PPP.md §7). Every IPCP option we use has a 4-byte IPv4 value:
/// <code>
/// +------+------+---------------------------+
/// | Type |  6   |  IPv4 address (4 bytes)   |   RFC 1332 §3.3, RFC 1877 §1.1–§1.4
/// +------+------+---------------------------+
/// </code>
/// Server: request only our IP-Address; Nak 0.0.0.0 or a wrong address with the assigned one; Nak requested
/// DNS/NBNS with configured values and Reject those we lack; Reject IP-Addresses, IP-Compression and unknown
/// options. Client: request IP-Address (0.0.0.0 or the wanted one) and DNS 0.0.0.0, take Naks, stop asking
/// for rejected options, Ack the server's own IP-Address whatever it is and Reject everything else.
/// Addresses are held as big-endian <see cref="uint"/> values; 0 means "none".
/// </summary>
internal sealed class IpcpPolicy : ControlProtocol
{
    private const int AddressLength = 4;

    private readonly PppRole _role;
    private readonly uint _configuredLocal;
    private readonly uint _assignedPeer;
    private readonly uint[] _dns;
    private readonly uint[] _nbns;
    private readonly bool _requestDns;

    private bool _askAddress;
    private uint _requestAddress;
    private bool _askDns1;
    private bool _askDns2;
    private uint _requestDns1;
    private uint _requestDns2;

    public IpcpPolicy(IpcpSettings settings, PppRole role)
    {
        _role = role;
        _configuredLocal = ToUInt32(settings.LocalAddress);
        _assignedPeer = ToUInt32(settings.PeerAddress);
        _dns = ToUInt32List(settings.DnsServers);
        _nbns = ToUInt32List(settings.NbnsServers);
        _requestDns = settings.RequestDns;
        OnNegotiationStarting();
    }

    public override PppProtocol Protocol => PppProtocol.Ipcp;

    public uint LocalAddress { get; private set; }

    public uint PeerAddress { get; private set; }

    public IReadOnlyList<uint> DnsServers { get; private set; } = [];

    protected internal override void OnNegotiationStarting()
    {
        // Server: our address only (never DNS, PPP.md §7 step 1). Client: address plus DNS if wanted.
        _askAddress = _role == PppRole.Client || _configuredLocal != 0;
        _requestAddress = _configuredLocal;
        _askDns1 = _askDns2 = _role == PppRole.Client && _requestDns;
        _requestDns1 = _requestDns2 = 0;
    }

    protected internal override int WriteRequestOptions(Span<byte> destination)
    {
        int length = 0;
        if (_askAddress)
        {
            length += ConfigureOption.WriteUInt32(destination[length..], (byte)IpcpOptionType.IpAddress, _requestAddress);
        }

        if (_askDns1)
        {
            length += ConfigureOption.WriteUInt32(destination[length..], (byte)IpcpOptionType.PrimaryDns, _requestDns1);
        }

        if (_askDns2)
        {
            length += ConfigureOption.WriteUInt32(destination[length..], (byte)IpcpOptionType.SecondaryDns, _requestDns2);
        }

        return length;
    }

    protected internal override void JudgeRequest(ConfigureOptionList options, ConfigureReply reply)
    {
        bool sawAddress = false;
        foreach (var option in options)
        {
            var type = (IpcpOptionType)option.Type;
            if (option.Data.Length != AddressLength || !IsAddressOption(type))
            {
                // IP-Addresses, IP-Compression (VJ from pppd/sstpc) and anything unknown or malformed.
                reply.Reject(option);
                continue;
            }

            uint value = BinaryPrimitives.ReadUInt32BigEndian(option.Data);
            if (type == IpcpOptionType.IpAddress)
            {
                sawAddress = true;
                JudgeAddress(option, value, reply);
            }
            else if (_role == PppRole.Client)
            {
                // DNS/NBNS in the server's request describe the server's own resolvers; OSC rejects them too.
                reply.Reject(option);
            }
            else
            {
                JudgeServerValue(option, value, Configured(type), reply);
            }
        }

        // RFC 1332 §3.3: a server with an address to hand out may ask the client to include IP-Address.
        if (!sawAddress && _role == PppRole.Server && _assignedPeer != 0)
        {
            reply.Suggest((byte)IpcpOptionType.IpAddress, Bytes(_assignedPeer));
        }
    }

    private void JudgeAddress(ConfigureOption option, uint value, ConfigureReply reply)
    {
        if (_role == PppRole.Client)
        {
            // PPP.md §7: Ack the server's own address whatever it is (SoftEther announces 1.0.0.1).
            return;
        }

        if (_assignedPeer == 0)
        {
            if (value == 0)
            {
                reply.Reject(option);
            }

            return;
        }

        if (value != _assignedPeer)
        {
            reply.Nak(option, Bytes(_assignedPeer));
        }
    }

    private static void JudgeServerValue(ConfigureOption option, uint value, uint configured, ConfigureReply reply)
    {
        if (configured == 0)
        {
            reply.Reject(option);
        }
        else if (value != configured)
        {
            reply.Nak(option, Bytes(configured));
        }
    }

    protected internal override void OnPeerRequestAcked(ConfigureOptionList options)
        => PeerAddress = Find(options, IpcpOptionType.IpAddress);

    protected internal override void OnOwnRequestAcked(ConfigureOptionList options)
    {
        LocalAddress = Find(options, IpcpOptionType.IpAddress);
        if (_role == PppRole.Server)
        {
            DnsServers = _dns;
            return;
        }

        var learned = new List<uint>(2);
        foreach (var type in (ReadOnlySpan<IpcpOptionType>)[IpcpOptionType.PrimaryDns, IpcpOptionType.SecondaryDns])
        {
            uint value = Find(options, type);
            if (value != 0)
            {
                learned.Add(value);
            }
        }

        DnsServers = learned;
    }

    protected internal override NegotiationOutcome ApplyNak(ConfigureOptionList options)
    {
        foreach (var option in options)
        {
            if (option.Data.Length != AddressLength)
            {
                continue;
            }

            uint value = BinaryPrimitives.ReadUInt32BigEndian(option.Data);
            switch ((IpcpOptionType)option.Type)
            {
                // The server keeps its configured address (pppd without ipcp-accept-local does the same).
                case IpcpOptionType.IpAddress when _role == PppRole.Client && _askAddress && value != 0:
                    _requestAddress = value;
                    break;
                case IpcpOptionType.PrimaryDns when _askDns1:
                    _requestDns1 = value;
                    break;
                case IpcpOptionType.SecondaryDns when _askDns2:
                    _requestDns2 = value;
                    break;
                default:
                    break;
            }
        }

        return NegotiationOutcome.Continue;
    }

    protected internal override NegotiationOutcome ApplyReject(ConfigureOptionList options)
    {
        foreach (var option in options)
        {
            switch ((IpcpOptionType)option.Type)
            {
                case IpcpOptionType.IpAddress:
                    _askAddress = false;
                    break;
                case IpcpOptionType.PrimaryDns:
                    _askDns1 = false;
                    break;
                case IpcpOptionType.SecondaryDns:
                    _askDns2 = false;
                    break;
                default:
                    break;
            }
        }

        return NegotiationOutcome.Continue;
    }

    private uint Configured(IpcpOptionType type) => type switch
    {
        IpcpOptionType.PrimaryDns => At(_dns, 0),
        IpcpOptionType.SecondaryDns => At(_dns, 1),
        IpcpOptionType.PrimaryNbns => At(_nbns, 0),
        IpcpOptionType.SecondaryNbns => At(_nbns, 1),
        _ => 0,
    };

    private static bool IsAddressOption(IpcpOptionType type)
        => type is IpcpOptionType.IpAddress or IpcpOptionType.PrimaryDns or IpcpOptionType.PrimaryNbns
            or IpcpOptionType.SecondaryDns or IpcpOptionType.SecondaryNbns;

    private static uint At(uint[] values, int index) => index < values.Length ? values[index] : 0;

    private static uint Find(ConfigureOptionList options, IpcpOptionType type)
    {
        foreach (var option in options)
        {
            if (option.Type == (byte)type && option.Data.Length == AddressLength)
            {
                return BinaryPrimitives.ReadUInt32BigEndian(option.Data);
            }
        }

        return 0;
    }

    private static byte[] Bytes(uint value)
    {
        var bytes = new byte[AddressLength];
        BinaryPrimitives.WriteUInt32BigEndian(bytes, value);
        return bytes;
    }

    internal static uint ToUInt32(IPAddress? address)
    {
        if (address is null)
        {
            return 0;
        }

        // Only an IPv4 address fits in 4 bytes (AddressFamily lives in the banned System.Net.Sockets).
        Span<byte> bytes = stackalloc byte[AddressLength];
        if (!address.TryWriteBytes(bytes, out int written) || written != AddressLength)
        {
            throw new ArgumentException("IPCP negotiates IPv4 addresses only.", nameof(address));
        }

        return BinaryPrimitives.ReadUInt32BigEndian(bytes);
    }

    internal static IPAddress? ToAddress(uint value)
    {
        if (value == 0)
        {
            return null;
        }

        Span<byte> bytes = stackalloc byte[AddressLength];
        BinaryPrimitives.WriteUInt32BigEndian(bytes, value);
        return new IPAddress(bytes);
    }

    private static uint[] ToUInt32List(IReadOnlyList<IPAddress> addresses)
    {
        var values = new uint[Math.Min(addresses.Count, 2)];
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = ToUInt32(addresses[i]);
        }

        return values;
    }
}
