using System.Globalization;
using Sstp.Server.Configuration;

namespace Sstp.Server.Tests.Configuration;

/// <summary>A value-by-value text of a snapshot (lists compare by content, which record equality does not).</summary>
internal static class ConfigDescription
{
    public static string Of(ServerOptions o) => string.Join(
        "\n",
        "listen=" + string.Join(",", o.Listen.Select(ConfigValueParser.FormatEndpoint)),
        "cert=" + o.Tls.CertificatePath,
        "key=" + o.Tls.KeyPath,
        "state=" + o.StateDirectory,
        "users=" + o.UsersFile,
        "auth=" + string.Join(",", o.Auth.Select(a => a.ToConfigName())),
        "binding=" + o.CryptoBinding,
        "hello=" + o.HelloInterval.ToString("c", CultureInfo.InvariantCulture),
        "log=" + o.LogLevel,
        "pool4=" + o.Pool.Ipv4,
        "pool6=" + o.Pool.Ipv6,
        "dns=" + string.Join(",", o.Pool.Dns),
        "tun=" + o.Tunnel.Name,
        "mtu=" + o.Tunnel.Mtu.ToString(CultureInfo.InvariantCulture),
        "nat=" + o.Tunnel.Nat,
        "merging=" + o.Tunnel.WriteMerging,
        "limits=" + o.Limits,
        "control=" + o.ControlSocket);
}
