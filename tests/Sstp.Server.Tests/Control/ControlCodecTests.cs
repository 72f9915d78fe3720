using System.Text;
using CsCheck;
using Sstp.Server.Control;

namespace Sstp.Server.Tests.Control;

/// <summary>The management socket's wire format: every request and response, and bad input as error values.</summary>
public class ControlCodecTests
{
    public static TheoryData<string> GoodRequests => new()
    {
        """{"command":"status"}""",
        """{"command":"sessions"}""",
        """{"command":"kick","id":7}""",
        """{"command":"kick","user":"alice"}""",
        """{"command":"drain"}""",
        """{"command":"drain","deadline":30}""",
        """{"command":"reload"}""",
    };

    [Theory]
    [MemberData(nameof(GoodRequests))]
    public void Request_RoundTrips(string json)
    {
        Assert.True(ControlCodec.TryDecodeRequest(Encoding.UTF8.GetBytes(json + "\n"), out var request, out string error), error);

        byte[] encoded = ControlCodec.EncodeRequest(request);

        Assert.Equal(json + "\n", Encoding.UTF8.GetString(encoded));
        Assert.True(ControlCodec.TryDecodeRequest(encoded, out var again, out _));
        Assert.Equal(request, again);
    }

    [Fact]
    public void Request_Kick_CarriesItsFields()
    {
        Assert.True(ControlCodec.TryDecodeRequest("""{"command":"kick","id":42}"""u8, out var byId, out _));
        Assert.True(ControlCodec.TryDecodeRequest("""{"command":"kick","user":"bob"}"""u8, out var byUser, out _));
        Assert.True(ControlCodec.TryDecodeRequest("""{"command":"drain","deadline":600}"""u8, out var drain, out _));

        Assert.Equal((42L, (string?)null), (byId.Id, byId.User));
        Assert.Equal(((long?)null, "bob"), (byUser.Id, byUser.User));
        Assert.Equal(600, drain.Deadline);
    }

    [Theory]
    [InlineData("", "the request is not valid JSON")]
    [InlineData("status", "the request is not valid JSON")]
    [InlineData("{\"command\":\"status\"", "the request is not valid JSON")]
    [InlineData("null", "the request must be a JSON object")]
    [InlineData("[1,2]", "the request is not valid JSON")]
    [InlineData("{}", "the request has no command")]
    [InlineData("{\"command\":\"shutdown\"}", "unknown command 'shutdown' (use status, sessions, kick, drain, reload)")]
    [InlineData("{\"command\":\"status\",\"colour\":\"blue\"}", "the request is not valid JSON")]
    [InlineData("{\"command\":\"kick\"}", "kick needs either an id or a user")]
    [InlineData("{\"command\":\"kick\",\"id\":1,\"user\":\"a\"}", "kick needs either an id or a user")]
    [InlineData("{\"command\":\"kick\",\"id\":0}", "a session id is a positive number")]
    [InlineData("{\"command\":\"kick\",\"id\":\"7\"}", "the request is not valid JSON")]
    [InlineData("{\"command\":\"kick\",\"user\":\"\"}", "a user name is 1-253 printable characters")]
    [InlineData("{\"command\":\"kick\",\"user\":\"a\\u0000b\"}", "a user name is 1-253 printable characters")]
    [InlineData("{\"command\":\"status\",\"id\":1}", "'status' takes no id or user")]
    [InlineData("{\"command\":\"sessions\",\"deadline\":5}", "'sessions' takes no deadline")]
    [InlineData("{\"command\":\"drain\",\"deadline\":0}", "the drain deadline must be 1-86400 seconds")]
    [InlineData("{\"command\":\"drain\",\"deadline\":86401}", "the drain deadline must be 1-86400 seconds")]
    [InlineData("{\"command\":\"drain\",\"deadline\":99999999999}", "the request is not valid JSON")]
    public void Request_Bad_IsAnErrorValue(string json, string expected)
    {
        Assert.False(ControlCodec.TryDecodeRequest(Encoding.UTF8.GetBytes(json), out var request, out string error));

        Assert.Null(request);
        Assert.StartsWith(expected, error, StringComparison.Ordinal);
    }

    [Fact]
    public void Request_Oversize_IsRefusedBeforeParsing()
    {
        string json = "{\"command\":\"kick\",\"user\":\"" + new string('a', ControlCodec.MaxRequestBytes) + "\"}";

        Assert.False(ControlCodec.TryDecodeRequest(Encoding.UTF8.GetBytes(json), out _, out string error));
        Assert.Equal("the request is longer than 4096 bytes", error);
    }

    [Fact]
    public void Request_DeeplyNested_IsAnErrorValue()
    {
        string json = "{\"command\":\"status\",\"id\":" + new string('[', 100) + new string(']', 100) + "}";

        Assert.False(ControlCodec.TryDecodeRequest(Encoding.UTF8.GetBytes(json), out _, out string error));
        Assert.StartsWith("the request is not valid JSON", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Request_RandomBytes_NeverThrow() =>
        Gen.Byte.Array[0, 5000].Sample(bytes =>
        {
            bool ok = ControlCodec.TryDecodeRequest(bytes, out var request, out string error);
            Assert.Equal(ok, request is not null);
            Assert.Equal(ok, error.Length == 0);
        });

    [Fact]
    public void Request_MutatedValidJson_NeverThrow()
    {
        byte[] valid = """{"command":"kick","user":"alice","id":3,"deadline":4}"""u8.ToArray();
        Gen.Select(Gen.Int[0, valid.Length - 1], Gen.Byte).Array[1, 6].Sample(edits =>
        {
            byte[] copy = (byte[])valid.Clone();
            foreach (var (at, value) in edits)
            {
                copy[at] = value;
            }

            _ = ControlCodec.TryDecodeRequest(copy, out _, out _);
        });
    }

    [Fact]
    public void Response_RoundTrips_WithEveryPart()
    {
        var target = new FakeControlTarget();
        var response = new ControlResponse
        {
            Ok = true,
            Message = "done",
            Status = target.GetStatus(),
            Sessions = target.GetSessions(),
            Kicked = [1, 2],
        };

        byte[] line = ControlCodec.EncodeResponse(response);

        Assert.Equal((byte)'\n', line[^1]);
        Assert.Equal(1, line.Count(b => b == (byte)'\n'));
        Assert.True(ControlCodec.TryDecodeResponse(line, out var decoded, out string error), error);
        Assert.Equal(Encoding.UTF8.GetString(line), Encoding.UTF8.GetString(ControlCodec.EncodeResponse(decoded)));
        Assert.Equal("alice", decoded.Sessions![0].User);
        Assert.Equal("fd00:88:0:1::/64", decoded.Sessions[0].IPv6Prefix);
    }

    [Fact]
    public void Response_UsesSnakeCaseNames_AndLeavesOutNulls()
    {
        string json = Encoding.UTF8.GetString(ControlCodec.EncodeResponse(new ControlResponse { Ok = true, Sessions = [FakeControlTarget.Session(5, "carol", "10.88.0.9")] }));

        Assert.Contains("\"ipv4\":\"10.88.0.9\"", json, StringComparison.Ordinal);
        Assert.Contains("\"ipv6_prefix\":", json, StringComparison.Ordinal);
        Assert.Contains("\"bytes_out\":5368709120", json, StringComparison.Ordinal);
        Assert.Contains("\"correlation_id\":", json, StringComparison.Ordinal);
        Assert.DoesNotContain("\"error\"", json, StringComparison.Ordinal);
        Assert.DoesNotContain("\"status\"", json, StringComparison.Ordinal);
    }

    [Fact]
    public void Response_Error_RoundTrips()
    {
        Assert.True(ControlCodec.TryDecodeResponse(ControlCodec.EncodeResponse(ControlResponse.Fail("no session 9")), out var decoded, out _));

        Assert.False(decoded.Ok);
        Assert.Equal("no session 9", decoded.Error);
    }

    [Fact]
    public void Response_FromANewerServer_WithUnknownFields_IsRead()
    {
        Assert.True(ControlCodec.TryDecodeResponse("""{"ok":true,"message":"hi","new_field":{"x":1}}"""u8, out var decoded, out string error), error);
        Assert.Equal("hi", decoded.Message);
    }

    [Theory]
    [InlineData("")]
    [InlineData("not json")]
    [InlineData("{\"ok\":false}")]
    [InlineData("null")]
    public void Response_Bad_IsAnErrorValue(string text)
    {
        Assert.False(ControlCodec.TryDecodeResponse(Encoding.UTF8.GetBytes(text), out var response, out string error));
        Assert.Null(response);
        Assert.NotEmpty(error);
    }
}
