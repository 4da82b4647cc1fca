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

    /// <summary>The extension that marks a setting's value as a template file rather than a built-in name.</summary>
    public const string FileExtension = ".tmpl";

    private readonly Dictionary<string, string> _sections;

    // The 1-based line of each section's first text line, so errors about a placeholder name its line.
    private readonly Dictionary<string, int> _firstLines;

    private PromptTemplate(TemplateInfo info, string description, string source, Dictionary<string, string> sections, Dictionary<string, int> firstLines)
    {
        Info = info;
        Description = description;
        Source = source;
        _sections = sections;
        _firstLines = firstLines;
    }

    public TemplateInfo Info { get; }

    /// <summary>Where the template was read from (a file path or an embedded resource name), for errors.</summary>
    public string Source { get; }

    public string Description { get; }

    public IReadOnlyCollection<string> SectionNames => _sections.Keys;

    public bool HasSection(string section) => _sections.ContainsKey(section);

    /// <summary>Whether a setting's value names a template file (<c>*.tmpl</c>) rather than a built-in template.</summary>
    public static bool IsTemplateFile(string value) => value.EndsWith(FileExtension, StringComparison.Ordinal);

    /// <summary>Parses template text; <paramref name="source"/> names it in errors.</summary>
    public static PromptTemplate Parse(string text, string source)
    {
        var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        var count = lines.Length > 0 && lines[^1].Length == 0 ? lines.Length - 1 : lines.Length;
        string? name = null;
        int? version = null;
        var description = "";
        var sections = new Dictionary<string, string>(StringComparer.Ordinal);
        var firstLines = new Dictionary<string, int>(StringComparer.Ordinal);
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
                firstLines[current] = i + 2;
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
        return new PromptTemplate(new TemplateInfo(name, version.Value), description, source, sections, firstLines);
    }

    /// <summary>
    /// Checks the template against what a benchmark renders (<paramref name="schema"/>): every required section is
    /// present, no section is unknown, and every <c>{field}</c> is one the benchmark fills in that section. Errors name
    /// the file, the line and the field, so a user's template fails when it is loaded, not at some row.
    /// </summary>
    public void Check(TemplateSchema schema, string benchmark)
    {
        foreach (var (section, text) in _sections)
        {
            var known = schema.Sections.FirstOrDefault(s => s.Name == section);
            if (known is null)
            {
                throw new InputException($"{Source}:{_firstLines[section] - 1}: section '=== {section}' is not used by {benchmark} (its sections: {string.Join(", ", schema.Sections.Select(s => s.Name))}).");
            }
            foreach (var (field, offset) in Placeholders(section, text))
            {
                if (!known.Fields.Contains(field, StringComparer.Ordinal))
                {
                    var fields = known.Fields.Count == 0 ? "none" : string.Join(", ", known.Fields.Select(f => "{" + f + "}"));
                    throw new InputException($"{Source}:{LineOf(section, text, offset)}: field '{{{field}}}' is not available in section '{section}' of {benchmark} (available: {fields}).");
                }
            }
        }
        foreach (var required in schema.Sections.Where(s => s.Required && !_sections.ContainsKey(s.Name)))
        {
            throw new InputException($"{Source}: missing section '=== {required.Name}' (needed by {benchmark}; fields: {string.Join(", ", required.Fields.Select(f => "{" + f + "}"))}).");
        }
    }

    /// <summary>The <c>{field}</c> names of a section with their offsets; an unclosed brace is an error naming its line.</summary>
    private IEnumerable<(string Field, int Offset)> Placeholders(string section, string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if ((c == '{' || c == '}') && i + 1 < text.Length && text[i + 1] == c)
            {
                i++;
                continue;
            }
            if (c != '{')
            {
                continue;
            }
            var close = text.IndexOf('}', i + 1);
            var newline = text.IndexOf('\n', i + 1);
            if (close < 0 || (newline >= 0 && newline < close))
            {
                throw new InputException($"{Source}:{LineOf(section, text, i)}: '{{' without a closing '}}' on its line in section '{section}' (write '{{{{' for a literal brace).");
            }
            yield return (text[(i + 1)..close], i);
            i = close;
        }
    }

    private int LineOf(string section, string text, int offset) =>
        _firstLines[section] + text.AsSpan(0, offset).Count('\n');

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
