using System.Buffers;
using Sstp.Protocol.Ppp.Auth;
using Sstp.Protocol.Radius;

namespace Sstp.Fuzz.Targets;

/// <summary>
/// The RADIUS packet and attribute decoders, the authorization reader and the mapping of an answer to an
/// authentication decision (which runs after the host has checked the Response Authenticator, so the fuzzer
/// reaches it directly).
/// </summary>
public static class RadiusTargets
{
    private static readonly byte[] Secret = "testing123"u8.ToArray();
    private static readonly byte[] RequestAuthenticator = [.. Enumerable.Range(1, 16).Select(i => (byte)i)];

    private static readonly AuthRequest[] Requests =
    [
        new PapRequest("user", "pass"u8.ToArray()),
        new MsChapV2Request("user", new byte[16], new byte[16], new byte[24], 1),
        new EapPassThroughRequest([2, 1, 0, 9, 1, 0x75, 0x73, 0x65, 0x72]),
        new ChapMd5Request("user", 1, new byte[16], new byte[16]),
    ];

    /// <summary>Every target of this file.</summary>
    public static IEnumerable<FuzzTarget> All =>
    [
        new("radius", "RadiusPacket.TryRead, attribute and vendor views, attribute decoders, RadiusAuthorization and RadiusAuthMapper.MapResponse", Radius, FuzzTarget.MachineBound),
    ];

    private static void Radius(ReadOnlySpan<byte> input)
    {
        var status = RadiusPacket.TryRead(input, out var packet, out var error);
        Invariant.Require((status == OperationStatus.Done) == (error == RadiusParseError.None), $"radius: {status} with error {error}");
        if (status != OperationStatus.Done)
        {
            return;
        }

        int declared = (input[2] << 8) | input[3];
        Invariant.Require(packet.Length == declared && packet.Length <= input.Length, $"radius: view of {packet.Length} for Length {declared} in {input.Length}");
        Invariant.Require(packet.Length is >= RadiusPacket.HeaderLength and <= RadiusPacket.MaxLength, $"radius: length {packet.Length}");

        int covered = 0;
        foreach (var attribute in packet.Attributes)
        {
            Invariant.Require(attribute.Value.Length <= RadiusPacket.MaxAttributeValueLength, "radius: attribute too long");
            covered += 2 + attribute.Value.Length;
            DecodeAttribute(attribute.Type, attribute.Value);
        }

        Invariant.Require(covered == packet.AttributeBytes.Length, $"radius: attributes cover {covered} of {packet.AttributeBytes.Length}");
        foreach (var vendor in packet.GetVendorAttributes(null))
        {
            Invariant.Require(vendor.Value.Length <= RadiusPacket.MaxVendorValueLength, "radius: vendor attribute too long");
            _ = RadiusRateLimit.TryParseMikrotik(vendor.Value, out _);
        }

        foreach (var ms in packet.MicrosoftAttributes)
        {
            Invariant.Require(ms.VendorId == RadiusPacket.MicrosoftVendorId, "radius: Microsoft enumerator gave another vendor");
            _ = RadiusChapAttributes.TryReadMsChapError(ms.Value, out _, out _);
            _ = RadiusChapAttributes.TryReadMsChap2Success(ms.Value, out _, out _);
            if (MsMppeKey.TryDecrypt(ms.Value, Secret, RequestAuthenticator, out var key, out _) == OperationStatus.Done)
            {
                Invariant.Require(key.Length <= MsMppeKey.MaxKeyLength, $"radius: MPPE key of {key.Length} bytes");
            }
        }

        _ = packet.TryGetUInt32(RadiusAttributeType.SessionTimeout, out _);
        _ = packet.CountAttributes(RadiusAttributeType.EapMessage);
        _ = packet.GetEapMessage();
        _ = RadiusRateLimit.Read(packet.AttributeBytes);
        _ = RadiusAuthorization.From(packet);

        var request = Requests[packet.Identifier % Requests.Length];
        var result = RadiusAuthMapper.MapResponse(input, request, RequestAuthenticator, Secret);
        Invariant.Require(result.Decision is not null, "radius: no decision");
    }

    private static void DecodeAttribute(RadiusAttributeType type, ReadOnlySpan<byte> value)
    {
        switch (type)
        {
            case RadiusAttributeType.FramedRoute:
                _ = RadiusFramedRoute.TryParse(value, ipv6: false, out _, out _);
                break;
            case RadiusAttributeType.FramedIpv6Route:
                _ = RadiusFramedRoute.TryParse(value, ipv6: true, out _, out _);
                break;
            case RadiusAttributeType.FramedIpv6Prefix:
                _ = RadiusIpv6Prefix.TryRead(value, out _);
                break;
            case RadiusAttributeType.UserPassword:
                if (RadiusUserPassword.TryUnhide(value, Secret, RequestAuthenticator, out var password) == OperationStatus.Done)
                {
                    Invariant.Require(password.Length <= value.Length, "radius: unhidden password longer than its attribute");
                }

                break;
            case RadiusAttributeType.VendorSpecific:
                _ = RadiusRateLimit.ClassifyVendorSpecific(value);
                break;
        }
    }
}
