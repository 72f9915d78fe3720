using Sstp.Fuzz;

// Sstp.Fuzz list                      the targets
// Sstp.Fuzz TARGET                    run TARGET under afl-fuzz (SharpFuzz persistent mode)
// Sstp.Fuzz TARGET --replay PATH...   run files (or every file of folders) through TARGET without a fuzzer
// Sstp.Fuzz replay-all ROOT           replay ROOT/corpus/<target> and ROOT/regressions/<target> for every target
// Sstp.Fuzz seed ROOT                 (re)write the generated seeds under ROOT/corpus
if (args.Length == 0)
{
    Console.Error.WriteLine("usage: Sstp.Fuzz list | TARGET [--replay PATH...] | replay-all ROOT | seed ROOT");
    return 2;
}

switch (args[0])
{
    case "list":
        foreach (var t in FuzzTargets.All)
        {
            Console.WriteLine($"{t.Name,-16} {t.Description}");
        }

        return 0;
    case "replay-all" when args.Length == 2:
        return Replay.All(args[1], Console.Out);
    case "seed" when args.Length == 2:
        Seeds.WriteAll(Path.Combine(args[1], "corpus"));
        return 0;
}

var target = FuzzTargets.Find(args[0]);
if (target is null)
{
    Console.Error.WriteLine($"unknown target '{args[0]}'; see 'Sstp.Fuzz list'");
    return 2;
}

if (args.Length > 1 && args[1] == "--replay")
{
    return Replay.Paths(target, args[2..], Console.Out);
}

SharpFuzz.Fuzzer.Run(stream =>
{
    using var memory = new MemoryStream();
    stream.CopyTo(memory);
    target.Run(memory.GetBuffer().AsSpan(0, (int)memory.Length));
});
return 0;
