using Sstp.Protocol.Ppp;
using Sstp.Protocol.Ppp.Negotiation;

namespace Sstp.Protocol.Tests.Ppp.Negotiation;

/// <summary>
/// A minimal option policy for driving <see cref="OptionAutomaton"/> directly: requests a fixed option list;
/// rejects option 0xEE, Naks option 0xDD (suggesting 0xDD 03 01); code 9 is RXR (answered with code 10),
/// code 12 is ignored, every other code above 7 is unknown.
/// </summary>
internal sealed class TestProtocol : ControlProtocol
{
    public const byte RejectedType = 0xEE;
    public const byte NakedType = 0xDD;

    public byte[] RequestOptions { get; set; } = [0x03, 0x06, 10, 0, 0, 1];

    public int NaksApplied { get; private set; }

    public int RejectsApplied { get; private set; }

    public int Starts { get; private set; }

    public bool FailOnNak { get; set; }

    public override PppProtocol Protocol => PppProtocol.Ipcp;

    protected internal override void OnNegotiationStarting() => Starts++;

    protected internal override int WriteRequestOptions(Span<byte> destination)
    {
        RequestOptions.CopyTo(destination);
        return RequestOptions.Length;
    }

    protected internal override void JudgeRequest(ConfigureOptionList options, ConfigureReply reply)
    {
        foreach (var option in options)
        {
            if (option.Type == RejectedType)
            {
                reply.Reject(option);
            }
            else if (option.Type == NakedType)
            {
                reply.Nak(option, [1]);
            }
        }
    }

    protected internal override NegotiationOutcome ApplyNak(ConfigureOptionList options)
    {
        NaksApplied++;
        if (FailOnNak)
        {
            FailureReason = PppCloseReason.NoCommonAuthentication;
            return NegotiationOutcome.Fail;
        }

        return NegotiationOutcome.Continue;
    }

    protected internal override NegotiationOutcome ApplyReject(ConfigureOptionList options)
    {
        RejectsApplied++;
        return NegotiationOutcome.Continue;
    }

    protected internal override ExtendedCodeDisposition ClassifyExtendedCode(PppPacket packet) => packet.Code switch
    {
        9 => ExtendedCodeDisposition.EchoOrDiscard,
        12 => ExtendedCodeDisposition.Ignore,
        _ => ExtendedCodeDisposition.Unknown,
    };

    protected internal override int WriteEchoReply(PppPacket request, Span<byte> destination)
        => PppPacket.Write(destination, 10, request.Identifier, request.Data);
}
