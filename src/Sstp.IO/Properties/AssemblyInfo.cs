using System.Runtime.CompilerServices;

// The interop declarations stay internal; the test project checks struct sizes and drives setns directly.
[assembly: InternalsVisibleTo("Sstp.IO.Tests")]
[assembly: InternalsVisibleTo("Sstp.E2E.Tests")]
