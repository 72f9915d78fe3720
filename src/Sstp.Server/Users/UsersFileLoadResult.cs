namespace Sstp.Server.Users;

/// <summary>What <see cref="UsersFile.Load"/> or <see cref="UsersFile.Parse"/> produced.</summary>
/// <param name="File">The parsed file; null when <paramref name="Errors"/> is not empty.</param>
/// <param name="Errors">Every problem, with line numbers; empty on success.</param>
/// <param name="Warnings">Problems that do not stop loading (e.g. the file is readable by others).</param>
public sealed record UsersFileLoadResult(UsersFile? File, IReadOnlyList<UsersFileError> Errors, IReadOnlyList<string> Warnings)
{
    /// <summary>True when <see cref="File"/> is set.</summary>
    public bool Succeeded => File is not null && Errors.Count == 0;
}
