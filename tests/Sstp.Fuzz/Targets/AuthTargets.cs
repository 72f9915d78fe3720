using System.Buffers;
using Sstp.Protocol.Crypto;
using Sstp.Protocol.Ppp.Auth;
using Sstp.Protocol.Radius;
using Sstp.TestKit;

namespace Sstp.Fuzz.Targets;

/// <summary>
/// The authentication packet decoders (PAP, CHAP, MS-CHAPv2 values and messages, EAP and EAP-MSCHAPv2), each
/// also driving the matching authenticator (server) or peer (client) machine with the same records.
/// </summary>
public static class AuthTargets
{
    private const string Password = "pass";

    /// <summary>Every target of this file.</summary>
    public static IEnumerable<FuzzTarget> All =>
    [
        new("pap", "PapPacket.TryRead; PapAuthenticator or PapPeer fed records", input => Run(input, "pap", CheckPap, CreatePap), FuzzTarget.MachineBound),
        new("chap", "ChapPacket.TryRead and CHAP-MD5; ChapMd5Authenticator or ChapPeer(MD5) fed records", input => Run(input, "chap", CheckChap, CreateChapMd5), FuzzTarget.MachineBound),
        new("mschapv2", "MS-CHAPv2 Response/Success/Failure decoders; MsChapV2Authenticator or ChapPeer(MS-CHAPv2) fed records", input => Run(input, "mschapv2", CheckChap, CreateMsChapV2), FuzzTarget.MachineBound),
        new("eap", "EapPacket and EapMsChapV2Packet decoders; EapAuthenticator or EapPeer fed records", input => Run(input, "eap", CheckEap, CreateEap), FuzzTarget.MachineBound),
    ];

    private static AuthMachine CreatePap(bool client) => client
        ? new PapPeer(new AuthPeerSettings("user", Password), new SeededRandom(3))
        : new PapAuthenticator(new AuthenticatorSettings(), new SeededRandom(3));

    private static AuthMachine CreateChapMd5(bool client) => client
        ? new ChapPeer(new AuthPeerSettings("user", Password), new SeededRandom(3), ChapAlgorithm.Md5)
        : new ChapMd5Authenticator(new AuthenticatorSettings { ServerName = "sstp" }, new SeededRandom(3));

    private static AuthMachine CreateMsChapV2(bool client) => client
        ? new ChapPeer(new AuthPeerSettings("user", Password), new SeededRandom(3), ChapAlgorithm.MsChapV2)
        : new MsChapV2Authenticator(new AuthenticatorSettings { ServerName = "sstp", MsChapV2Retries = 1 }, new SeededRandom(3));

    private static AuthMachine CreateEap(bool client) => client
        ? new EapPeer(new AuthPeerSettings("user", Password), new SeededRandom(3))
        : new EapAuthenticator(new AuthenticatorSettings { ServerName = "sstp" }, new SeededRandom(3));

    /// <summary>
    /// Decodes every record with <paramref name="decode"/> and delivers it to a machine (client when bit 1
    /// of the first control byte is set). The authenticator's host judges credentials with the core's
    /// verifiers against one fixed password.
    /// </summary>
    private static void Run(ReadOnlySpan<byte> input, string target, Action<ReadOnlySpan<byte>> decode, Func<bool, AuthMachine> create)
    {
        bool client = input.Length > 0 && (input[0] & 2) != 0;
        var machine = create(client);
        var now = TimeSpan.FromSeconds(1);
        var buffer = new byte[MachineCheck.MaxUnit];
        int transmits = 0;
        machine.Start(now);
        Drain(machine, now, buffer, ref transmits, input.Length, target);

        var records = new Records(input);
        while (records.MoveNext())
        {
            decode(records.Current);
            if (records.AdvanceClock && machine.NextDeadline is { } deadline)
            {
                now = deadline > now ? deadline : now;
                machine.HandleTimeout(now);
                MachineCheck.DeadlineMoved(machine.NextDeadline, now, target);
                Drain(machine, now, buffer, ref transmits, input.Length, target);
            }

            machine.Receive(records.Current, now);
            Drain(machine, now, buffer, ref transmits, input.Length, target);
        }
    }

    private static void Drain(AuthMachine machine, TimeSpan now, byte[] buffer, ref int transmits, int inputLength, string target)
    {
        bool again = true;
        while (again)
        {
            again = false;
            while (machine.TryPollTransmit(buffer, out int written))
            {
                MachineCheck.PppPacketOut(buffer, written, target);
                transmits++;
                Invariant.Require(transmits <= MachineCheck.MaxTransmits(inputLength), $"{target}: {transmits} packets sent for {inputLength} input bytes");
            }

            while (machine.TryPollEvent(out var e))
            {
                if (e is AuthEvent.CredentialsReceived { Request: var request } && machine is Authenticator authenticator)
                {
                    Invariant.Require(authenticator.Status == AuthStatus.AwaitingHost, $"{target}: credentials raised in {authenticator.Status}");
                    authenticator.Complete(Judge(request), now);
                    again = true;
                }
            }
        }
    }

    private static AuthDecision Judge(AuthRequest request) => request switch
    {
        PapRequest r => PapVerifier.Verify(Password, r),
        ChapMd5Request r => ChapMd5Verifier.Verify(Password, r),
        MsChapV2Request r => MsChapV2Verifier.Verify(Password.AsSpan(), r),
        _ => AuthDecision.Reject(),
    };

    private static void CheckPap(ReadOnlySpan<byte> packet)
    {
        if (PapPacket.TryRead(packet, out var pap, out var error) != OperationStatus.Done)
        {
            Invariant.Require(error != AuthParseError.None, "pap: InvalidData without an error");
            return;
        }

        int length = (packet[2] << 8) | packet[3];
        var buffer = new byte[length + 260];
        if (pap.Code == PapCode.AuthenticateRequest && PapPacket.GetRequestLength(pap.PeerId.Length, pap.Password.Length) == length)
        {
            int written = PapPacket.WriteRequest(buffer, packet[1], pap.PeerId, pap.Password);
            Invariant.Require(buffer.AsSpan(0, written).SequenceEqual(packet[..length]), "pap: request does not round-trip");
        }
        else if (pap.Code != PapCode.AuthenticateRequest && length == 5 + pap.Message.Length)
        {
            int written = PapPacket.WriteResponse(buffer, pap.Code, packet[1], pap.Message);
            Invariant.Require(buffer.AsSpan(0, written).SequenceEqual(packet[..length]), "pap: response does not round-trip");
        }
    }

    private static void CheckChap(ReadOnlySpan<byte> packet)
    {
        if (ChapPacket.TryRead(packet, out var chap, out var error) != OperationStatus.Done)
        {
            Invariant.Require(error != AuthParseError.None, "chap: InvalidData without an error");
            return;
        }

        int length = (packet[2] << 8) | packet[3];
        var buffer = new byte[length + 8];
        if (chap.Code is ChapCode.Challenge or ChapCode.Response)
        {
            int written = ChapPacket.WriteChallengeOrResponse(buffer, chap.Code, packet[1], chap.Value, chap.Name);
            Invariant.Require(buffer.AsSpan(0, written).SequenceEqual(packet[..length]), "chap: challenge/response does not round-trip");
            if (MsChapV2Response.TryRead(chap.Value, out var response, out _) == OperationStatus.Done)
            {
                Span<byte> value = stackalloc byte[MsChapV2Response.ValueLength];
                MsChapV2Response.Write(value, response.PeerChallenge, response.NtResponse);
                Invariant.Require(value[..16].SequenceEqual(chap.Value[..16]) && value[24..48].SequenceEqual(chap.Value[24..48]), "mschapv2: response value does not round-trip");
            }
        }
        else if (chap.Code is ChapCode.Success or ChapCode.Failure)
        {
            int written = ChapPacket.WriteMessage(buffer, chap.Code, packet[1], chap.Message);
            Invariant.Require(buffer.AsSpan(0, written).SequenceEqual(packet[..length]), "chap: message does not round-trip");
            Span<byte> digest = stackalloc byte[20];
            _ = MsChapV2.TryParseAuthenticatorResponse(chap.Message, digest);
            if (MsChapV2FailureMessage.TryParse(chap.Message, out var failure, out _) == OperationStatus.Done)
            {
                Invariant.Require(failure is not null, "mschapv2: Done without a failure message");
                _ = failure!.ToBytes();
            }
        }
    }

    private static void CheckEap(ReadOnlySpan<byte> packet)
    {
        _ = RadiusAuthMapper.TryGetEapIdentity(packet, out _);
        if (EapPacket.TryRead(packet, out var eap, out var error) != OperationStatus.Done)
        {
            Invariant.Require(error != AuthParseError.None, "eap: InvalidData without an error");
            return;
        }

        int length = (packet[2] << 8) | packet[3];
        if (eap.Code is EapCode.Request or EapCode.Response)
        {
            var buffer = new byte[length + 8];
            int written = EapPacket.Write(buffer, eap.Code, packet[1], eap.Type, eap.TypeData);
            Invariant.Require(buffer.AsSpan(0, written).SequenceEqual(packet[..length]), "eap: packet does not round-trip");
            if (eap.Type == EapType.MsChapV2 && EapMsChapV2Packet.TryRead(eap.TypeData, out var inner, out _) == OperationStatus.Done)
            {
                Invariant.Require(inner.Data.Length <= eap.TypeData.Length, "eap: MS-CHAPv2 data longer than its packet");
            }
        }
    }
}
