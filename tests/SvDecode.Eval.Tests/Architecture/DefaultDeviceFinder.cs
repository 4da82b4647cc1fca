using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace SvDecode.Eval.Tests.Architecture;

/// <summary>
/// Finds every call and object creation that leaves a parameter of TorchSharp's <c>Device</c> type to its default,
/// or passes a null constant (a method group cannot leave one out: C# converts it only to a delegate with the same
/// parameters, and a delegate that keeps the default is caught where it is invoked). TorchSharp's factories (tensor, zeros, ones, full,
/// arange, empty, rand, randn, randint, linspace, eye, as_tensor, from_array, ...), its Generator and its nn modules
/// then use LibTorch's default device, the CPU, whatever device the model is on; so do the harness's own helpers
/// that forward their device argument (PromptBatch.LeftPadded). On a CUDA model such a tensor fails in the first op
/// that meets a model tensor, or quietly pulls the work back onto the CPU. The check needs no GPU: it reads the code.
/// </summary>
internal static class DefaultDeviceFinder
{
    public static IReadOnlyList<DefaultDeviceSite> Find(Compilation compilation, IEnumerable<SyntaxTree> trees)
    {
        var types = new TorchTypes(
            compilation.GetTypeByMetadataName("TorchSharp.torch+Device")
                ?? throw new InvalidOperationException("TorchSharp.torch.Device is not among the compilation's references."),
            compilation.GetTypeByMetadataName("TorchSharp.torch")!,
            compilation.GetTypeByMetadataName("TorchSharp.torch+Tensor")!);
        var sites = new List<DefaultDeviceSite>();
        foreach (var tree in trees)
        {
            var model = compilation.GetSemanticModel(tree);
            foreach (var node in tree.GetRoot().DescendantNodes())
            {
                if (Called(model, node) is not ({ } method, var leftDefault) || FollowsInputDevice(method, types))
                {
                    continue;
                }
                sites.AddRange(leftDefault.Where(p => types.IsDevice(p.Type)).Select(p => Site(node, method, p)));
            }
        }
        return sites;
    }

    private sealed record TorchTypes(INamedTypeSymbol Device, INamedTypeSymbol Torch, INamedTypeSymbol Tensor)
    {
        public bool IsDevice(ITypeSymbol type) => Same(type.OriginalDefinition, Device);
    }

    /// <summary>
    /// Families whose default device is their input tensor's, so that a default there follows the model: TorchSharp's
    /// <c>*_like</c> (torch.zeros_like(t), t.ones_like(), ...) take <c>t.device</c>, and the Tensor's <c>new_*</c>
    /// (t.new_zeros(...)) likewise, as in PyTorch. TorchSharpDeviceDefaultsTests checks every one of them on the meta
    /// device, and that the other families' default is the CPU. Nothing else is exempt, not even <c>Tensor.cuda()</c>,
    /// which pins the current CUDA device instead of following the model.
    /// </summary>
    private static bool FollowsInputDevice(IMethodSymbol method, TorchTypes types)
    {
        var owner = method.ContainingType.OriginalDefinition;
        return method.Name.EndsWith("_like", StringComparison.Ordinal) && (Same(owner, types.Torch) || Same(owner, types.Tensor))
            || method.Name.StartsWith("new_", StringComparison.Ordinal) && Same(owner, types.Tensor);
    }

    private static bool Same(ISymbol a, ISymbol b) => SymbolEqualityComparer.Default.Equals(a, b);

    /// <summary>The method a node calls (constructor initialisers and primary-constructor bases included) and its
    /// parameters that the call leaves to their default or passes null.</summary>
    private static (IMethodSymbol Method, IEnumerable<IParameterSymbol> LeftDefault)? Called(SemanticModel model, SyntaxNode node) =>
        node is InvocationExpressionSyntax or BaseObjectCreationExpressionSyntax or ConstructorInitializerSyntax or PrimaryConstructorBaseTypeSyntax
            ? model.GetOperation(node) switch
            {
                IInvocationOperation call => (call.TargetMethod, LeftDefault(call.Arguments)),
                IObjectCreationOperation { Constructor: { } constructor } creation => (constructor, LeftDefault(creation.Arguments)),
                _ => null,
            }
            : null;

    private static IEnumerable<IParameterSymbol> LeftDefault(IEnumerable<IArgumentOperation> arguments) =>
        arguments
            .Where(a => a.ArgumentKind == ArgumentKind.DefaultValue || a.Value.ConstantValue is { HasValue: true, Value: null })
            .Select(a => a.Parameter)
            .OfType<IParameterSymbol>();

    private static DefaultDeviceSite Site(SyntaxNode node, IMethodSymbol method, IParameterSymbol parameter)
    {
        // The line of the called name: a chain's receiver may start lines earlier.
        var named = node is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax access } ? access.Name : node;
        var span = named.GetLocation().GetLineSpan();
        var text = string.Join(' ', node.ToString().Split((char[])['\n', '\r', ' '], StringSplitOptions.RemoveEmptyEntries));
        return new DefaultDeviceSite(
            HarnessCompilation.RelativePath(span.Path),
            span.StartLinePosition.Line + 1,
            method.ToDisplayString(SymbolDisplayFormat.CSharpShortErrorMessageFormat),
            parameter.Name,
            text.Length <= 120 ? text : text[..117] + "...");
    }
}
