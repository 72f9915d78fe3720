using System.Buffers.Binary;

namespace Sstp.Protocol.Sstp;

/// <summary>
/// Server check of a CALL_CONNECT_REQUEST [MS-SSTP §3.3.5.2.2], SSTP.md §5.3: collects one Status Info per
/// problem for the CALL_CONNECT_NAK; an empty result means the request is acceptable.
/// </summary>
internal static class ConnectRequestValidator
{
    /// <summary>Returns the NAK Status Infos for <paramref name="request"/>; empty when it is valid.</summary>
    public static List<SstpStatusInfo> Check(SstpControlMessageView request)
    {
        var problems = new List<SstpStatusInfo>();
        bool protocolSeen = false;
        bool duplicateReported = false;
        foreach (var attribute in request.Attributes)
        {
            switch (attribute.Id)
            {
                case SstpAttributeId.EncapsulatedProtocolId when protocolSeen:
                    // Duplicate → (that ID, 0x01), reported once.
                    if (!duplicateReported)
                    {
                        problems.Add(new SstpStatusInfo(attribute.Id, SstpStatus.DuplicateAttribute));
                        duplicateReported = true;
                    }

                    break;
                case SstpAttributeId.EncapsulatedProtocolId:
                    protocolSeen = true;
                    if (attribute.Value.Length != 2)
                    {
                        // Wrong attribute length → (that ID, 0x03) with the proposed value.
                        problems.Add(new SstpStatusInfo(attribute.Id, SstpStatus.InvalidAttribValueLength, attribute.Value.ToArray()));
                    }
                    else if (BinaryPrimitives.ReadUInt16BigEndian(attribute.Value) != SstpControlMessage.EncapsulatedProtocolPpp)
                    {
                        // Protocol not PPP → (0x01, 0x04, AttribValue = the proposed 2 bytes).
                        problems.Add(new SstpStatusInfo(attribute.Id, SstpStatus.ValueNotSupported, attribute.Value.ToArray()));
                    }

                    break;
                case SstpAttributeId.StatusInfo:
                    if (attribute.Value.Length < 8)
                    {
                        problems.Add(new SstpStatusInfo(attribute.Id, SstpStatus.InvalidAttribValueLength));
                    }
                    else if (BinaryPrimitives.ReadUInt32BigEndian(attribute.Value[4..]) != (uint)SstpStatus.NoError)
                    {
                        // Status Info with non-zero status inside the request → (0x02, 0x0B).
                        problems.Add(new SstpStatusInfo(SstpAttributeId.StatusInfo, SstpStatus.StatusInfoNotSupportedInMsg));
                    }

                    break;
                default:
                    // Unknown (or not allowed in this message) → (that ID, 0x02), value empty: not understood.
                    problems.Add(new SstpStatusInfo(attribute.Id, SstpStatus.UnrecognizedAttribute));
                    break;
            }
        }

        if (!protocolSeen)
        {
            // Missing → status 0x0A. The spec gives AttribID 0x02 in §3.3.5.2.2 but 0x01 in §2.2.8; we follow
            // §2.2.8 (SSTP.md §5.3). No client inspects it.
            problems.Add(new SstpStatusInfo(SstpAttributeId.EncapsulatedProtocolId, SstpStatus.RequiredAttributeMissing));
        }

        return problems;
    }
}
