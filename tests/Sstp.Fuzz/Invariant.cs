using System.Buffers;

namespace Sstp.Fuzz;

/// <summary>A broken fuzz invariant: the decoder misbehaved without throwing itself.</summary>
public sealed class FuzzInvariantException : Exception
{
    /// <summary>Creates the exception.</summary>
    public FuzzInvariantException()
    {
    }

    /// <summary>Creates the exception with the invariant that failed.</summary>
    public FuzzInvariantException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with the invariant that failed and its cause.</summary>
    public FuzzInvariantException(string message, Exception inner)
        : base(message, inner)
    {
    }
}

/// <summary>The checks every target shares.</summary>
public static class Invariant
{
    /// <summary>Throws <see cref="FuzzInvariantException"/> with <paramref name="what"/> unless <paramref name="condition"/> holds.</summary>
    public static void Require(bool condition, string what)
    {
        if (!condition)
        {
            throw new FuzzInvariantException(what);
        }
    }

    /// <summary>
    /// The contract of the core's incremental parsers: consumed is within the input; NeedMoreData consumes
    /// nothing; Done consumes something.
    /// </summary>
    public static void Consumed(OperationStatus status, int consumed, int inputLength, string decoder)
    {
        Require(consumed >= 0 && consumed <= inputLength, $"{decoder}: consumed {consumed} of {inputLength}");
        Require(status is OperationStatus.Done or OperationStatus.NeedMoreData or OperationStatus.InvalidData, $"{decoder}: status {status}");
        if (status == OperationStatus.NeedMoreData)
        {
            Require(consumed == 0, $"{decoder}: NeedMoreData consumed {consumed}");
        }

        if (status == OperationStatus.Done)
        {
            Require(consumed > 0, $"{decoder}: Done consumed nothing");
        }
    }

    /// <summary>
    /// An incremental parser must give the same answer for the complete unit alone as for the unit followed
    /// by more bytes, and must ask for more data on every strict prefix that is still a valid start.
    /// </summary>
    public static void SameOnUnitAlone(OperationStatus status, int consumed, OperationStatus alone, int aloneConsumed, string decoder)
    {
        Require(alone == status && aloneConsumed == consumed,
            $"{decoder}: {status}/{consumed} with the rest of the input but {alone}/{aloneConsumed} on the unit alone");
    }
}
