using System.Buffers.Binary;
using System.Reflection;
using System.Reflection.Emit;

namespace Sstp.Protocol.Tests.Architecture;

/// <summary>
/// Walks the IL of a method instruction by instruction (ECMA-335 §III: one- or two-byte opcode, then an
/// operand whose size follows from <see cref="OpCode.OperandType"/>) and resolves every metadata token an
/// instruction refers to: calls, newobj, field loads and stores, ldtoken, type operands.
/// </summary>
internal static class IlScanner
{
    private const BindingFlags AllDeclared =
        BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;

    /// <summary>Opcodes by first byte, and two-byte opcodes (0xFE prefix) by second byte.</summary>
    private static readonly (OpCode?[] OneByte, OpCode?[] TwoByte) Tables = BuildTables();

    /// <summary>
    /// Every method, constructor and type initializer declared in the assembly, including compiler-generated types,
    /// but not the hit tracker that coverage instrumentation (coverlet) injects when tests run with coverage.
    /// </summary>
    public static IEnumerable<MethodBase> MethodsOf(Assembly assembly) =>
        assembly.GetTypes()
            .Where(t => t.Namespace?.StartsWith("Coverlet.", StringComparison.Ordinal) != true)
            .SelectMany(MethodsOf);

    /// <summary>Every method, constructor and type initializer declared by <paramref name="type"/> itself.</summary>
    public static IEnumerable<MethodBase> MethodsOf(Type type) =>
        type.GetMethods(AllDeclared).Cast<MethodBase>().Concat(type.GetConstructors(AllDeclared));

    /// <summary>The token operands of <paramref name="method"/>'s IL, in order. Abstract/extern methods yield nothing.</summary>
    public static List<IlReference> References(MethodBase method)
    {
        var result = new List<IlReference>();
        byte[] il = method.GetMethodBody()?.GetILAsByteArray() ?? [];
        Type[]? typeArguments = method.DeclaringType is { IsGenericType: true } t ? t.GetGenericArguments() : null;
        Type[]? methodArguments = method is MethodInfo { IsGenericMethod: true } m ? m.GetGenericArguments() : null;

        int position = 0;
        while (position < il.Length)
        {
            int offset = position;
            byte first = il[position++];
            OpCode? found = first == 0xFE
                ? (position < il.Length ? Tables.TwoByte[il[position++]] : null)
                : Tables.OneByte[first];
            if (found is not { } opCode)
            {
                throw new InvalidOperationException($"{Describe(method)}: unknown opcode at IL_{offset:X4}");
            }

            int operandSize = OperandSize(opCode.OperandType, il, position);
            if (opCode.OperandType is OperandType.InlineMethod or OperandType.InlineField or OperandType.InlineType or OperandType.InlineTok)
            {
                int token = BinaryPrimitives.ReadInt32LittleEndian(il.AsSpan(position));
                result.Add(Resolve(method, offset, opCode, token, typeArguments, methodArguments));
            }

            position += operandSize;
        }

        if (position != il.Length)
        {
            throw new InvalidOperationException($"{Describe(method)}: the walk ended at {position}, not at {il.Length}");
        }

        return result;
    }

    /// <summary>"Namespace.Type.Member" for messages.</summary>
    public static string Describe(MemberInfo member) =>
        member is Type type ? type.FullName ?? type.Name : $"{member.DeclaringType?.FullName}.{member.Name}";

    private static IlReference Resolve(MethodBase method, int offset, OpCode opCode, int token, Type[]? typeArguments, Type[]? methodArguments)
    {
        try
        {
            return new IlReference(method, offset, opCode, method.Module.ResolveMember(token, typeArguments, methodArguments), null);
        }
        catch (ArgumentException e)
        {
            return new IlReference(method, offset, opCode, null, e.Message);
        }
    }

    /// <summary>Operand bytes after the opcode (ECMA-335 §III.1.9 and the OperandType table).</summary>
    private static int OperandSize(OperandType type, byte[] il, int position) => type switch
    {
        OperandType.InlineNone => 0,
        OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar => 1,
        OperandType.InlineVar => 2,
        OperandType.InlineBrTarget or OperandType.InlineField or OperandType.InlineI or OperandType.InlineMethod
            or OperandType.InlineSig or OperandType.InlineString or OperandType.InlineTok or OperandType.InlineType
            or OperandType.ShortInlineR => 4,
        OperandType.InlineI8 or OperandType.InlineR => 8,
        OperandType.InlineSwitch => 4 + (4 * BinaryPrimitives.ReadInt32LittleEndian(il.AsSpan(position))),
        _ => throw new InvalidOperationException($"operand type {type}"),
    };

    private static (OpCode?[] OneByte, OpCode?[] TwoByte) BuildTables()
    {
        var one = new OpCode?[256];
        var two = new OpCode?[256];
        foreach (var field in typeof(OpCodes).GetFields(BindingFlags.Public | BindingFlags.Static))
        {
            if (field.GetValue(null) is OpCode op)
            {
                ushort value = unchecked((ushort)op.Value);
                if (op.Size == 1)
                {
                    one[value] = op;
                }
                else
                {
                    two[value & 0xFF] = op;
                }
            }
        }

        return (one, two);
    }
}

/// <summary>One token operand found in a method's IL; <see cref="Member"/> is null when it did not resolve.</summary>
internal readonly record struct IlReference(MethodBase Method, int Offset, OpCode OpCode, MemberInfo? Member, string? ResolveError);
