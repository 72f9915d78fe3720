using System.Diagnostics.CodeAnalysis;
using System.Text;
using System.Text.Json;

namespace Sstp.Server.Control;

/// <summary>
/// The wire format of the management socket: the client sends one JSON object on one line, the server answers
/// with one JSON object on one line and closes. Pure: no I/O, and bad input gives an error value, never an
/// exception.
/// </summary>
public static class ControlCodec
{
    /// <summary>The longest request accepted, in bytes (the line included).</summary>
    public const int MaxRequestBytes = 4096;

    /// <summary>The longest user name a <c>kick --user</c> may carry.</summary>
    public const int MaxUserLength = 253;

    /// <summary>The longest drain deadline, in seconds (one day).</summary>
    public const int MaxDeadlineSeconds = 86_400;

    /// <summary>Encodes a request as one line (UTF-8, ending in a newline).</summary>
    public static byte[] EncodeRequest(ControlRequest request) =>
        Line(JsonSerializer.SerializeToUtf8Bytes(request, ControlJsonContext.Default.ControlRequest));

    /// <summary>Encodes a response as one line (UTF-8, ending in a newline).</summary>
    public static byte[] EncodeResponse(ControlResponse response) =>
        Line(JsonSerializer.SerializeToUtf8Bytes(response, ControlJsonContext.Default.ControlResponse));

    /// <summary>
    /// Decodes and checks one request: a known command with exactly the fields it takes. On failure
    /// <paramref name="error"/> says what is wrong (it is sent back to the client).
    /// </summary>
    public static bool TryDecodeRequest(ReadOnlySpan<byte> line, [NotNullWhen(true)] out ControlRequest? request, out string error)
    {
        request = null;
        if (line.Length > MaxRequestBytes)
        {
            error = $"the request is longer than {MaxRequestBytes} bytes";
            return false;
        }

        line = line.TrimEnd("\r\n"u8);
        ControlRequest? parsed;
        try
        {
            parsed = JsonSerializer.Deserialize(line, ControlJsonContext.Default.ControlRequest);
        }
        catch (JsonException e)
        {
            error = "the request is not valid JSON: " + FirstSentence(e.Message);
            return false;
        }
        catch (Exception e) when (e is NotSupportedException or ArgumentException or InvalidOperationException)
        {
            error = "the request is not valid JSON";
            return false;
        }

        if (parsed is null)
        {
            error = "the request must be a JSON object";
            return false;
        }

        error = Check(parsed);
        if (error.Length > 0)
        {
            return false;
        }

        request = parsed;
        return true;
    }

    /// <summary>Decodes a response (the client's side); false with a reason when it is not one.</summary>
    public static bool TryDecodeResponse(ReadOnlySpan<byte> line, [NotNullWhen(true)] out ControlResponse? response, out string error)
    {
        response = null;
        try
        {
            // The client accepts fields it does not know, so a newer server can add some.
            response = JsonSerializer.Deserialize(line.TrimEnd("\r\n"u8), LenientResponse);
        }
        catch (Exception e) when (e is JsonException or NotSupportedException or ArgumentException or InvalidOperationException)
        {
            error = "the server's answer is not valid JSON: " + FirstSentence(e.Message);
            return false;
        }

        if (response is null || (!response.Ok && response.Error is null))
        {
            response = null;
            error = "the server's answer is not a response object";
            return false;
        }

        error = string.Empty;
        return true;
    }

    private static readonly System.Text.Json.Serialization.Metadata.JsonTypeInfo<ControlResponse> LenientResponse =
        new ControlJsonContext(new JsonSerializerOptions(ControlJsonContext.Default.Options)
        {
            UnmappedMemberHandling = System.Text.Json.Serialization.JsonUnmappedMemberHandling.Skip,
        }).ControlResponse;

    private static string Check(ControlRequest r)
    {
        // Source-generated deserialization can leave a non-nullable string null ({"command":null}).
        string command = r.Command ?? string.Empty;
        bool kick = command == ControlCommands.Kick;
        if (!ControlCommands.All.Contains(command))
        {
            return command.Length == 0
                ? "the request has no command"
                : $"unknown command '{Printable(command)}' (use {string.Join(", ", ControlCommands.All)})";
        }

        if (!kick && (r.Id is not null || r.User is not null))
        {
            return $"'{command}' takes no id or user";
        }

        if (command != ControlCommands.Drain && r.Deadline is not null)
        {
            return $"'{command}' takes no deadline";
        }

        if (kick)
        {
            if ((r.Id is null) == (r.User is null))
            {
                return "kick needs either an id or a user";
            }

            if (r.Id is <= 0)
            {
                return "a session id is a positive number";
            }

            if (r.User is { } user && (user.Length is 0 or > MaxUserLength || user.Any(char.IsControl)))
            {
                return $"a user name is 1-{MaxUserLength} printable characters";
            }
        }

        if (r.Deadline is { } deadline && deadline is < 1 or > MaxDeadlineSeconds)
        {
            return $"the drain deadline must be 1-{MaxDeadlineSeconds} seconds";
        }

        return string.Empty;
    }

    private static string Printable(string text)
    {
        var builder = new StringBuilder();
        foreach (char c in text.Length > 40 ? text[..40] : text)
        {
            builder.Append(char.IsControl(c) ? '?' : c);
        }

        return builder.ToString();
    }

    private static string FirstSentence(string message)
    {
        int end = message.IndexOf(". ", StringComparison.Ordinal);
        return end < 0 ? message : message[..(end + 1)];
    }

    private static byte[] Line(byte[] json)
    {
        var line = new byte[json.Length + 1];
        json.CopyTo(line, 0);
        line[^1] = (byte)'\n';
        return line;
    }
}
