using System.Reflection;
using Mono.Cecil;
using Mono.Cecil.Cil;

namespace DistrictPerf.ArchitectureTests;

/// <summary>Reads method bodies (IL) with Mono.Cecil: which type calls which method, closures and async state machines attributed to the type that wrote them.</summary>
internal static class IlScan
{
    internal sealed record Call(string CallerType, string CallerMethod, string CalleeType, string CalleeMethod);

    private static readonly Dictionary<string, List<Call>> Cache = [];

    public static IReadOnlyList<Call> Calls(Assembly assembly)
    {
        lock (Cache)
        {
            if (Cache.TryGetValue(assembly.Location, out var cached))
            {
                return cached;
            }

            using var module = ModuleDefinition.ReadModule(assembly.Location);
            var calls = new List<Call>();
            foreach (var type in module.GetTypes())
            {
                foreach (var method in type.Methods.Where(m => m.HasBody))
                {
                    foreach (var instruction in method.Body.Instructions)
                    {
                        if (instruction.OpCode.Code is Code.Call or Code.Callvirt or Code.Newobj or Code.Ldftn
                            && instruction.Operand is MethodReference callee)
                        {
                            calls.Add(new Call(Owner(type).FullName, method.Name, callee.DeclaringType.FullName, callee.Name));
                        }
                    }
                }
            }

            Cache[assembly.Location] = calls;
            return calls;
        }
    }

    /// <summary>The type a compiler-generated closure, lambda or state machine belongs to.</summary>
    public static TypeDefinition Owner(TypeDefinition type)
    {
        while (type.IsNested && (type.Name.Contains('<') || type.CustomAttributes.Any(a => a.AttributeType.Name == "CompilerGeneratedAttribute")))
        {
            type = type.DeclaringType;
        }

        return type;
    }

    /// <summary>Full names of the types (and their compiler-generated parts) that implement an interface whose name starts with one of <paramref name="interfacePrefixes"/>.</summary>
    public static IReadOnlySet<string> TypesImplementing(Assembly assembly, params string[] interfacePrefixes) =>
        assembly.GetTypes()
            .Where(t => !t.IsAbstract && t.GetInterfaces().Any(i => interfacePrefixes.Any(p => (i.FullName ?? i.Name).StartsWith(p, StringComparison.Ordinal))))
            .Select(t => t.FullName!.Replace('+', '/'))
            .ToHashSet();
}
