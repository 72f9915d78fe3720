namespace Sstp.Protocol.Radius;

/// <summary>Where a <see cref="RadiusTransaction"/> stands.</summary>
public enum RadiusTransactionResult
{
    /// <summary>Not started, or waiting for the answer.</summary>
    Pending,

    /// <summary>A verified answer arrived (<see cref="RadiusTransaction.Response"/>).</summary>
    Answered,

    /// <summary>Every try went unanswered.</summary>
    TimedOut,
}

/// <summary>Why <see cref="RadiusTransaction.Receive"/> dropped a datagram (the last one is kept for diagnostics).</summary>
public enum RadiusDropReason
{
    /// <summary>Nothing was dropped.</summary>
    None,

    /// <summary>The transaction is not waiting for an answer (not started, or finished).</summary>
    NotPending,

    /// <summary>The datagram is not a valid RADIUS packet.</summary>
    Malformed,

    /// <summary>The Identifier is not the one of the request in flight.</summary>
    WrongIdentifier,

    /// <summary>The Code does not answer the request's Code (e.g. Accounting-Response to an Access-Request).</summary>
    UnexpectedCode,

    /// <summary>The Response Authenticator or Message-Authenticator check failed (see <see cref="RadiusTransaction.LastVerifyError"/>).</summary>
    VerificationFailed,
}
