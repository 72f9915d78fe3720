namespace Sstp.IO.Tun;

/// <summary>A TUN syscall failed; <see cref="Kind"/> says why in terms a caller can act on.</summary>
public sealed class TunDeviceException : IOException
{
    /// <summary>Creates an exception with no errno (kind <see cref="TunErrorKind.Other"/>).</summary>
    public TunDeviceException()
    {
    }

    /// <summary>Creates an exception with a message and no errno.</summary>
    public TunDeviceException(string message)
        : base(message)
    {
    }

    /// <summary>Creates an exception with a message, an inner exception and no errno.</summary>
    public TunDeviceException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates an exception for a failed syscall.</summary>
    /// <param name="message">What was being done, including the errno text.</param>
    /// <param name="kind">The sorted cause.</param>
    /// <param name="errno">The raw errno value.</param>
    public TunDeviceException(string message, TunErrorKind kind, int errno)
        : base(message)
    {
        Kind = kind;
        Errno = errno;
    }

    /// <summary>The sorted cause.</summary>
    public TunErrorKind Kind { get; }

    /// <summary>The raw errno value, or 0 when none applies.</summary>
    public int Errno { get; }
}
