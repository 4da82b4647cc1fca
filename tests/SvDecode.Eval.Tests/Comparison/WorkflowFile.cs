using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace SvDecode.Eval.Tests.Comparison;

/// <summary>
/// Reads the nightly CI files (.github/workflows/nightly.yml, .azure-pipelines/nightly.yml) the way their runners do,
/// far enough to find the svdecode-eval command lines they run: GitHub jobs' `run:` steps and Azure `script:` and
/// `bash:` steps, with backslash continuations joined and variables expanded to every value they can take.
/// </summary>
public static partial class WorkflowFile
{
    /// <summary>How the workflows start the tool: from the repository, after a Release build.</summary>
    public const string ToolPrefix = "dotnet run --project tool -c Release --no-build -- ";

    public static YamlMappingNode Load(string path)
    {
        var yaml = new YamlStream();
        using (var reader = new StreamReader(path))
        {
            yaml.Load(reader);
        }
        return (YamlMappingNode)yaml.Documents.Single().RootNode;
    }

    public static IEnumerable<WorkflowStep> Steps(YamlMappingNode root)
    {
        if (Child(root, "jobs") is YamlMappingNode jobs)
        {
            foreach (var step in jobs.Children.Values.OfType<YamlMappingNode>().SelectMany(j => Sequence(j, "steps")))
            {
                if (Child(step, "run") is YamlScalarNode run)
                {
                    yield return new WorkflowStep(run.Value!, Variables(Child(step, "env")));
                }
            }
        }
        var azureVariables = AzureVariables(Child(root, "variables"));
        foreach (var step in Sequence(root, "steps"))
        {
            if ((Child(step, "script") ?? Child(step, "bash")) is YamlScalarNode script)
            {
                yield return new WorkflowStep(script.Value!, azureVariables);
            }
        }
    }

    /// <summary>
    /// The environment every step gets: a GitHub file's job-level `env:`, an Azure file's upper-case variables (Azure
    /// exports every variable to the environment).
    /// </summary>
    public static IReadOnlyDictionary<string, string> Environment(YamlMappingNode root)
    {
        var environment = new SortedDictionary<string, string>(StringComparer.Ordinal);
        if (Child(root, "jobs") is YamlMappingNode jobs)
        {
            foreach (var env in jobs.Children.Values.OfType<YamlMappingNode>().Select(j => Child(j, "env")).OfType<YamlMappingNode>())
            {
                foreach (var (key, value) in env.Children)
                {
                    environment[((YamlScalarNode)key).Value!] = ((YamlScalarNode)value).Value ?? "";
                }
            }
        }
        foreach (var (name, values) in AzureVariables(Child(root, "variables")).Where(v => !v.Key.Any(char.IsLower)))
        {
            environment[name] = values.Single();
        }
        return environment;
    }

    /// <summary>Every shell command of a step, continuations joined, each variable expanded to each of its values.</summary>
    public static IEnumerable<string> Commands(WorkflowStep step)
    {
        foreach (var line in step.Script.Replace("\\\n", " ", StringComparison.Ordinal).Split('\n'))
        {
            var command = line.Trim();
            if (command.Length == 0 || command.StartsWith('#'))
            {
                continue;
            }
            foreach (var expanded in Expand(command, step.Variables))
            {
                yield return Regex.Replace(expanded, " +", " ");
            }
        }
    }

    /// <summary>The arguments after the tool prefix, up to a redirection, quotes removed; null for other commands.</summary>
    public static string[]? ToolArguments(string command)
    {
        var at = command.IndexOf(ToolPrefix, StringComparison.Ordinal);
        if (at < 0)
        {
            return null;
        }
        var arguments = command[(at + ToolPrefix.Length)..];
        var redirect = arguments.IndexOf('>', StringComparison.Ordinal);
        return (redirect < 0 ? arguments : arguments[..redirect])
            .Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(a => a.Trim('"', '\'')).ToArray();
    }

    private static IEnumerable<string> Expand(string command, IReadOnlyDictionary<string, IReadOnlyList<string>> variables)
    {
        // $NAME, ${NAME} (shell) and $(name) (Azure macro); the first one that has values is expanded, then the rest.
        foreach (Match use in VariableUse().Matches(command))
        {
            var name = use.Groups["shell"].Success ? use.Groups["shell"].Value : use.Groups["braced"].Success ? use.Groups["braced"].Value : use.Groups["macro"].Value;
            if (variables.TryGetValue(name, out var values))
            {
                return values.SelectMany(v => Expand(command[..use.Index] + v + command[(use.Index + use.Length)..], variables));
            }
        }
        return [command];
    }

    [GeneratedRegex(@"\$(?:(?<shell>[A-Za-z_][A-Za-z0-9_]*)|\{(?<braced>[A-Za-z_][A-Za-z0-9_]*)\}|\((?<macro>[A-Za-z_][A-Za-z0-9_.]*)\))")]
    private static partial Regex VariableUse();

    /// <summary>A GitHub env value: its quoted literals when it is an expression (`a &amp;&amp; 'x' || ''`), else itself.</summary>
    private static Dictionary<string, IReadOnlyList<string>> Variables(YamlNode? env)
    {
        var variables = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        if (env is YamlMappingNode map)
        {
            foreach (var (key, value) in map.Children)
            {
                var text = ((YamlScalarNode)value).Value ?? "";
                variables[((YamlScalarNode)key).Value!] = text.Contains("${{", StringComparison.Ordinal)
                    ? [.. Regex.Matches(text, "'([^']*)'").Select(m => m.Groups[1].Value)]
                    : [text];
            }
        }
        return variables;
    }

    /// <summary>Azure `variables:` as a list of name/value items; a conditional item's values are all its branches'.</summary>
    private static Dictionary<string, IReadOnlyList<string>> AzureVariables(YamlNode? node)
    {
        var variables = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        foreach (var item in (node as YamlSequenceNode)?.Children.OfType<YamlMappingNode>() ?? [])
        {
            if (Child(item, "name") is YamlScalarNode name)
            {
                variables[name.Value!] = [.. Values(item)];
            }
        }
        return variables;
    }

    private static IEnumerable<string> Values(YamlMappingNode item) => item.Children.SelectMany(p => p switch
    {
        { Key: YamlScalarNode { Value: "value" }, Value: YamlScalarNode value } => [value.Value ?? ""],
        { Key: YamlScalarNode key, Value: YamlMappingNode branch } when key.Value!.StartsWith("${{", StringComparison.Ordinal) => Values(branch),
        _ => [],
    });

    public static YamlNode? Child(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out var child) ? child : null;

    private static IEnumerable<YamlMappingNode> Sequence(YamlMappingNode node, string key) =>
        (Child(node, key) as YamlSequenceNode)?.Children.OfType<YamlMappingNode>() ?? [];
}
