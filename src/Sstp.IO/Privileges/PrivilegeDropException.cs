namespace Sstp.IO.Privileges;

/// <summary>Switching to the unprivileged user failed; the message names the step and the errno text.</summary>
public sealed class PrivilegeDropException : Exception
{
    /// <summary>Creates an exception without a message.</summary>
    public PrivilegeDropException()
    {
    }

    /// <summary>Creates an exception with a message.</summary>
    public PrivilegeDropException(string message)
        : base(message)
    {
    }

    /// <summary>Creates an exception with a message and the exception that caused it.</summary>
    public PrivilegeDropException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
