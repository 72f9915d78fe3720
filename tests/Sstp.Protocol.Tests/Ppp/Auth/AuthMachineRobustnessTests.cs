using CsCheck;
using Sstp.Protocol.Ppp.Auth;
using Sstp.TestKit;

namespace Sstp.Protocol.Tests.Ppp.Auth;

/// <summary>Peer input never throws (ARCHITECTURE.md C3/C6): random packets into every machine.</summary>
public class AuthMachineRobustnessTests
{
    private static readonly TimeSpan T0 = TimeSpan.FromSeconds(1);

    public static TheoryData<string> Machines =>
        ["pap-auth", "md5-auth", "ms-auth", "eap-auth", "eap-pass", "pap-peer", "md5-peer", "ms-peer", "eap-peer"];

    private static AuthMachine Create(string name)
    {
        var settings = new AuthenticatorSettings();
        var peer = new AuthPeerSettings("user", "pw");
        var random = new SeededRandom(2);
        return name switch
        {
            "pap-auth" => new PapAuthenticator(settings, random),
            "md5-auth" => new ChapMd5Authenticator(settings, random),
            "ms-auth" => new MsChapV2Authenticator(settings, random),
            "eap-auth" => new EapAuthenticator(settings, random),
            "eap-pass" => new EapAuthenticator(settings with { EapPassThrough = true }, random),
            "pap-peer" => new PapPeer(peer, random),
            "md5-peer" => new ChapPeer(peer, random, ChapAlgorithm.Md5),
            "ms-peer" => new ChapPeer(peer, random, ChapAlgorithm.MsChapV2),
            _ => new EapPeer(peer, random),
        };
    }

    [Theory]
    [MemberData(nameof(Machines))]
    public void RandomPackets_NeverThrow(string name)
    {
        // Bias the first byte towards valid codes and keep the Length field plausible half of the time.
        var gen = Gen.Select(Gen.Byte[0, 8], Gen.Byte, Gen.Byte.Array[0, 300], Gen.Bool);
        gen.Sample((code, id, body, fixLength) =>
        {
            var machine = Create(name);
            machine.Start(T0);
            var packet = new byte[4 + body.Length];
            packet[0] = code;
            packet[1] = id;
            int length = fixLength ? packet.Length : body.Length;
            packet[2] = (byte)(length >> 8);
            packet[3] = (byte)length;
            body.CopyTo(packet, 4);
            machine.Receive(packet, T0);
            machine.Receive(body, T0);
            var buffer = new byte[1600];
            while (machine.TryPollTransmit(buffer, out _))
            {
            }

            while (machine.TryPollEvent(out _))
            {
            }

            machine.HandleTimeout(T0 + TimeSpan.FromSeconds(100));
            Assert.True(machine.Status is AuthStatus.InProgress or AuthStatus.AwaitingHost or AuthStatus.Succeeded or AuthStatus.Failed);
        }, iter: 300);
    }
}
