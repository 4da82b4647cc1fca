using System.Text;

namespace SvDecode.Eval.Data;

/// <summary>
/// A versioned prompt template: a header (<c>name:</c>, <c>version:</c>, <c>description:</c>, <c>#</c> comments) then
/// sections opened by a line <c>=== &lt;section&gt;</c>. A section's text is its lines joined by "\n" with no final
/// newline (end a section with an empty line to keep one). <c>{field}</c> is replaced by a value; <c>{{</c>/<c>}}</c>
/// are literal braces. Sections every template has: <c>prompt</c> (the context) and <c>target</c> (the warm-start
/// target — the one place it is defined); most also have <c>choice</c> (one log-likelihood continuation).
/// </summary>
public sealed class PromptTemplate
{
    public const string PromptSection = "prompt";
    public const string ChoiceSection = "choice";
    public const string TargetSection = "target";

    private readonly Dictionary<string, string> _sections;

    private PromptTemplate(TemplateInfo info, string description, Dictionary<string, string> sections)
    {
        Info = info;
        Description = description;
        _sections = sections;
    }

    public TemplateInfo Info { get; }

    public string Description { get; }

    public IReadOnlyCollection<string> SectionNames => _sections.Keys;

    public bool HasSection(string section) => _sections.ContainsKey(section);

    /// <summary>Parses template text; <paramref name="source"/> names it in errors.</summary>
    public static PromptTemplate Parse(string text, string source)
    {
        var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        var count = lines.Length > 0 && lines[^1].Length == 0 ? lines.Length - 1 : lines.Length;
        string? name = null;
        int? version = null;
        var description = "";
        var sections = new Dictionary<string, string>(StringComparer.Ordinal);
        string? current = null;
        var body = new List<string>();

        void Close()
        {
            if (current is not null)
            {
                sections[current] = string.Join('\n', body);
            }
            body.Clear();
        }

        for (var i = 0; i < count; i++)
        {
            var line = lines[i];
            if (line.StartsWith("=== ", StringComparison.Ordinal))
            {
                Close();
                current = line[4..].Trim();
                if (current.Length == 0 || sections.ContainsKey(current))
                {
                    throw new InputException($"{source}:{i + 1}: section name empty or repeated ('{current}').");
                }
                continue;
            }
            if (current is not null)
            {
                body.Add(line);
                continue;
            }
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            var key = colon < 0 ? line : line[..colon].Trim();
            var value = colon < 0 ? "" : line[(colon + 1)..].Trim();
            switch (key)
            {
                case "name":
                    name = value;
                    break;
                case "version" when int.TryParse(value, out var v) && v > 0:
                    version = v;
                    break;
                case "version":
                    throw new InputException($"{source}:{i + 1}: version must be a positive integer, found '{value}'.");
                case "description":
                    description = value;
                    break;
                default:
                    throw new InputException($"{source}:{i + 1}: unknown header '{key}' (allowed: name, version, description).");
            }
        }
        Close();
        if (string.IsNullOrEmpty(name) || version is null)
        {
            throw new InputException($"{source}: the header must give 'name:' and 'version:'.");
        }
        foreach (var required in new[] { PromptSection, TargetSection })
        {
            if (!sections.ContainsKey(required))
            {
                throw new InputException($"{source}: missing section '=== {required}'.");
            }
        }
        return new PromptTemplate(new TemplateInfo(name, version.Value), description, sections);
    }

    /// <summary>Renders <paramref name="section"/> with <paramref name="fields"/>; a missing field is an error naming it.</summary>
    public string Render(string section, IReadOnlyDictionary<string, string> fields)
    {
        if (!_sections.TryGetValue(section, out var text))
        {
            throw new InputException($"template {Info}: has no section '{section}'.");
        }
        var output = new StringBuilder(text.Length + 64);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if ((c == '{' || c == '}') && i + 1 < text.Length && text[i + 1] == c)
            {
                output.Append(c);
                i++;
                continue;
            }
            if (c != '{')
            {
                output.Append(c);
                continue;
            }
            var close = text.IndexOf('}', i + 1);
            if (close < 0)
            {
                throw new InputException($"template {Info} section '{section}': '{{' without a closing '}}' (write '{{{{' for a literal brace).");
            }
            var key = text[(i + 1)..close];
            if (!fields.TryGetValue(key, out var value))
            {
                throw new InputException($"template {Info} section '{section}': no value for '{{{key}}}' (available: {string.Join(", ", fields.Keys.Order(StringComparer.Ordinal))}).");
            }
            output.Append(value);
            i = close;
        }
        return output.ToString();
    }
}
