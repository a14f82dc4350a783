using System.Reflection.Emit;
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Reflection.PortableExecutable;

namespace Matchday.Architecture.Tests;

/// <summary>A member an assembly's code uses: the method that uses it and the member's declaring type and name.</summary>
internal sealed record MemberUse(string Caller, string Type, string Member, string FirstParameter = "")
{
    public override string ToString() => FirstParameter.Length == 0 ? $"{Caller} uses {Type}::{Member}" : $"{Caller} uses {Type}::{Member}({FirstParameter}, ...)";
}

/// <summary>
/// Reads an assembly's IL (System.Reflection.Metadata, no loading) and lists every method, field and type its method
/// bodies refer to, so an architecture rule can forbid calls (the clock, the console, file I/O) wherever they hide.
/// </summary>
internal static class IlCalls
{
    private static readonly Dictionary<short, OpCode> OpCodesByValue = typeof(OpCodes).GetFields()
        .Select(f => (OpCode)f.GetValue(null)!)
        .ToDictionary(o => o.Value);

    public static IReadOnlyList<MemberUse> Of(string assemblyPath)
    {
        using var stream = File.OpenRead(assemblyPath);
        using var pe = new PEReader(stream);
        var md = pe.GetMetadataReader();
        var uses = new List<MemberUse>();
        foreach (var typeHandle in md.TypeDefinitions)
        {
            var type = md.GetTypeDefinition(typeHandle);
            foreach (var methodHandle in type.GetMethods())
            {
                var method = md.GetMethodDefinition(methodHandle);
                if (method.RelativeVirtualAddress == 0) continue;
                var caller = $"{md.GetString(type.Namespace)}.{md.GetString(type.Name)}.{md.GetString(method.Name)}";
                var il = pe.GetMethodBody(method.RelativeVirtualAddress).GetILBytes()!;
                foreach (var token in Tokens(il))
                {
                    if (Resolve(md, token) is { } member) uses.Add(new MemberUse(caller, member.Type, member.Name, member.FirstParameter));
                }
            }
        }
        return uses;
    }

    /// <summary>The metadata tokens of the instructions that name a method, field or type.</summary>
    private static IEnumerable<int> Tokens(byte[] il)
    {
        var i = 0;
        while (i < il.Length)
        {
            short value = il[i] == 0xFE ? (short)(0xFE00 | il[++i]) : il[i];
            i++;
            var op = OpCodesByValue[value];
            switch (op.OperandType)
            {
                case OperandType.InlineMethod or OperandType.InlineField or OperandType.InlineTok or OperandType.InlineType:
                    yield return BitConverter.ToInt32(il, i);
                    i += 4;
                    break;
                case OperandType.InlineNone:
                    break;
                case OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar:
                    i += 1;
                    break;
                case OperandType.InlineVar:
                    i += 2;
                    break;
                case OperandType.InlineI8 or OperandType.InlineR:
                    i += 8;
                    break;
                case OperandType.InlineSwitch:
                    var n = BitConverter.ToInt32(il, i);
                    i += 4 + 4 * n;
                    break;
                default: // InlineBrTarget, InlineI, InlineSig, InlineString, ShortInlineR
                    i += 4;
                    break;
            }
        }
    }

    private static (string Type, string Name, string FirstParameter)? Resolve(MetadataReader md, int token)
    {
        var handle = MetadataTokens.EntityHandle(token);
        switch (handle.Kind)
        {
            case HandleKind.MemberReference:
                var member = md.GetMemberReference((MemberReferenceHandle)handle);
                var first = member.GetKind() == MemberReferenceKind.Method && member.DecodeMethodSignature(new Names(), null) is { ParameterTypes.Length: > 0 } sig
                    ? sig.ParameterTypes[0] : "";
                return (TypeName(md, member.Parent), md.GetString(member.Name), first);
            case HandleKind.MethodSpecification:
                return Resolve(md, MetadataTokens.GetToken(md.GetMethodSpecification((MethodSpecificationHandle)handle).Method));
            case HandleKind.TypeReference:
                return (TypeName(md, handle), "(type)", "");
            default:
                return null; // the assembly's own members
        }
    }

    /// <summary>Type names from signatures, enough to tell overloads apart by their parameters.</summary>
    private sealed class Names : ISignatureTypeProvider<string, object?>
    {
        public string GetPrimitiveType(PrimitiveTypeCode typeCode) => "System." + typeCode;
        public string GetTypeFromDefinition(MetadataReader reader, TypeDefinitionHandle handle, byte rawTypeKind) => TypeName(reader, handle);
        public string GetTypeFromReference(MetadataReader reader, TypeReferenceHandle handle, byte rawTypeKind) => TypeName(reader, handle);
        public string GetTypeFromSpecification(MetadataReader reader, object? genericContext, TypeSpecificationHandle handle, byte rawTypeKind) => "(generic)";
        public string GetSZArrayType(string elementType) => elementType + "[]";
        public string GetArrayType(string elementType, ArrayShape shape) => elementType + "[,]";
        public string GetByReferenceType(string elementType) => elementType + "&";
        public string GetPointerType(string elementType) => elementType + "*";
        public string GetGenericInstantiation(string genericType, System.Collections.Immutable.ImmutableArray<string> typeArguments) => genericType;
        public string GetGenericMethodParameter(object? genericContext, int index) => "!!" + index;
        public string GetGenericTypeParameter(object? genericContext, int index) => "!" + index;
        public string GetModifiedType(string modifier, string unmodifiedType, bool isRequired) => unmodifiedType;
        public string GetPinnedType(string elementType) => elementType;
        public string GetFunctionPointerType(MethodSignature<string> signature) => "fnptr";
    }

    private static string TypeName(MetadataReader md, EntityHandle handle) => handle.Kind switch
    {
        HandleKind.TypeReference => Name(md, md.GetTypeReference((TypeReferenceHandle)handle)),
        HandleKind.TypeDefinition => md.GetString(md.GetTypeDefinition((TypeDefinitionHandle)handle).Namespace) + "." + md.GetString(md.GetTypeDefinition((TypeDefinitionHandle)handle).Name),
        HandleKind.TypeSpecification => "(generic)",
        _ => "(other)",
    };

    private static string Name(MetadataReader md, TypeReference t)
    {
        var name = md.GetString(t.Name);
        if (t.ResolutionScope.Kind == HandleKind.TypeReference) return Name(md, md.GetTypeReference((TypeReferenceHandle)t.ResolutionScope)) + "+" + name;
        return md.GetString(t.Namespace) + "." + name;
    }
}
