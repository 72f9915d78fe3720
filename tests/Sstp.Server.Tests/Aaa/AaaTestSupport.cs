using System.Buffers;
using System.Buffers.Binary;
using Microsoft.Extensions.Logging.Abstractions;
using Sstp.IO.Radius;
using Sstp.Protocol.Radius;

namespace Sstp.Server.Tests.Aaa;

/// <summary>Clients, waits and attribute readers shared by the AAA tests.</summary>
internal static class AaaTestSupport
{
    public static readonly byte[] Secret = "testing123"u8.ToArray();
    public static readonly TimeSpan RetryTimeout = TimeSpan.FromSeconds(3);

    public static RadiusClient NewClient(FakeRadiusServer server, TimeProvider time, int maxTries = 3) =>
        new(new RadiusClientOptions
        {
            Servers = [new RadiusServerEndpoint(server.Endpoint, server.Endpoint, server.Secret, 0)],
            Timeout = RetryTimeout,
            MaxTries = maxTries,
        }, NullLogger.Instance, time);

    /// <summary>Waits (real time, 10 s at most) for a condition a background task makes true.</summary>
    public static async Task WaitUntil(Func<bool> condition)
    {
        var limit = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < limit, "condition not reached");
            await Task.Delay(1, TestContext.Current.CancellationToken);
        }
    }

    /// <summary>Every attribute of a packet as (type, value) in order.</summary>
    public static List<(RadiusAttributeType Type, byte[] Value)> Attributes(byte[] packet)
    {
        Assert.Equal(OperationStatus.Done, RadiusPacket.TryRead(packet, out var view, out _));
        var list = new List<(RadiusAttributeType, byte[])>();
        foreach (var attribute in view.Attributes)
        {
            list.Add((attribute.Type, attribute.Value.ToArray()));
        }

        return list;
    }

    public static byte[] Single(byte[] packet, RadiusAttributeType type) =>
        Assert.Single(Attributes(packet), a => a.Type == type).Value;

    public static uint UInt(byte[] packet, RadiusAttributeType type) =>
        BinaryPrimitives.ReadUInt32BigEndian(Single(packet, type));

    public static bool Has(byte[] packet, RadiusAttributeType type) =>
        Attributes(packet).Exists(a => a.Type == type);
}
