// Reads iproute2's JSON answer to `ip -j route get ADDR`, e.g.
//   [{"dst":"203.0.113.10","gateway":"192.0.2.1","dev":"eth0","prefsrc":"192.0.2.2","flags":[],"uid":0,"cache":[]}]
//   [{"type":"local","dst":"127.0.0.1","dev":"lo","prefsrc":"127.0.0.1","flags":[],"uid":0,"cache":["local"]}]
// (iproute2 ip-route(8), "ip route get"; the JSON keys mirror the text form "via"/"dev"/"type"). Only the
// first object matters: `route get` answers with the single route the kernel would use.

using System.Net;
using System.Text.Json;

namespace Sstp.Client.Platform;

/// <summary>Parses the output of <c>ip -j route get</c> into a <see cref="ServerPath"/>.</summary>
internal static class RouteLookup
{
    /// <summary>Extracts gateway, device and locality; false with a reason for anything unexpected.</summary>
    public static bool TryParse(string json, out ServerPath? path, out string error)
    {
        path = null;
        error = string.Empty;
        try
        {
            using var document = JsonDocument.Parse(json);
            if (document.RootElement.ValueKind != JsonValueKind.Array || document.RootElement.GetArrayLength() == 0)
            {
                error = "expected a non-empty JSON array";
                return false;
            }

            var route = document.RootElement[0];
            if (route.ValueKind != JsonValueKind.Object)
            {
                error = "expected a JSON object in the array";
                return false;
            }

            if (!route.TryGetProperty("dev", out var dev) || dev.ValueKind != JsonValueKind.String
                || string.IsNullOrEmpty(dev.GetString()))
            {
                error = "the route has no \"dev\"";
                return false;
            }

            IPAddress? gateway = null;
            if (route.TryGetProperty("gateway", out var gw))
            {
                if (gw.ValueKind != JsonValueKind.String || !IPAddress.TryParse(gw.GetString(), out gateway))
                {
                    error = "the route's \"gateway\" is not an IP address";
                    return false;
                }
            }

            bool local = route.TryGetProperty("type", out var type) && type.ValueKind == JsonValueKind.String
                && type.GetString() == "local";
            path = new ServerPath(gateway, dev.GetString()!, local);
            return true;
        }
        catch (JsonException e)
        {
            error = "not JSON: " + e.Message;
            return false;
        }
    }
}
