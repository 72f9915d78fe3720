namespace Sstp.Server.Users;

/// <summary>One problem in a users file.</summary>
/// <param name="Source">The file's path (or another name for the text).</param>
/// <param name="Line">The 1-based line number; 0 for the file as a whole.</param>
/// <param name="Message">What is wrong.</param>
public sealed record UsersFileError(string Source, int Line, string Message)
{
    /// <summary>Formats as <c>source:line: message</c> (or <c>source: message</c> for the whole file).</summary>
    public override string ToString() => Line > 0 ? $"{Source}:{Line}: {Message}" : $"{Source}: {Message}";
}
