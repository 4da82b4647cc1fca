using SvDecode.Eval.Pipeline.Yaml;

namespace SvDecode.Eval.Pipeline;

/// <summary>
/// Applies <c>--set dotted.key=value</c> overrides to the YAML tree before binding, so an override is validated
/// exactly like the file. The value is parsed as YAML ("--set matrix.peft=[lora,ia3]" gives a list); list items
/// are addressed by index ("benchmarks.0.limit" or "benchmarks[0].limit").
/// </summary>
public static class OverrideApplier
{
    public static YamlValue? Apply(YamlValue? root, string overrideText, DiagnosticBag diagnostics)
    {
        var source = "--set " + overrideText;
        var equals = overrideText.IndexOf('=', StringComparison.Ordinal);
        if (equals <= 0)
        {
            diagnostics.Add(new SourceMark(source, 1, 1), "an override must look like dotted.key=value");
            return root;
        }
        var key = overrideText[..equals].Trim();
        var valueText = overrideText[(equals + 1)..];
        var mark = new SourceMark(source, 1, 1);
        var value = YamlTreeReader.Read(valueText.Length == 0 ? "''" : valueText, source, diagnostics, 0, equals + 1);
        if (value is null)
        {
            return root;
        }
        var segments = key.Replace("[", ".", StringComparison.Ordinal).Replace("]", "", StringComparison.Ordinal)
            .Split('.', StringSplitOptions.RemoveEmptyEntries);
        if (segments.Length == 0)
        {
            diagnostics.Add(mark, "an override needs a key before '='");
            return root;
        }
        root ??= new YamlMap([], mark);
        YamlValue current = root;
        for (var i = 0; i < segments.Length; i++)
        {
            var last = i == segments.Length - 1;
            var segment = segments[i];
            var walked = string.Join('.', segments.Take(i + 1));
            switch (current)
            {
                case YamlMap map:
                    {
                        var entry = map.Find(segment);
                        if (last)
                        {
                            var replacement = new YamlEntry(new YamlScalar(segment, false, mark), value);
                            if (entry is null)
                            {
                                map.Entries.Add(replacement);
                            }
                            else
                            {
                                map.Entries[map.Entries.IndexOf(entry)] = replacement;
                            }
                            return root;
                        }
                        if (entry is null)
                        {
                            entry = new YamlEntry(new YamlScalar(segment, false, mark), new YamlMap([], mark));
                            map.Entries.Add(entry);
                        }
                        current = entry.Value;
                        break;
                    }
                case YamlList list:
                    {
                        if (!int.TryParse(segment, out var index) || index < 0 || index >= list.Items.Count)
                        {
                            diagnostics.Add(mark, $"'{walked}': '{segment}' is not an index of the list (0..{list.Items.Count - 1})");
                            return root;
                        }
                        if (last)
                        {
                            list.Items[index] = value;
                            return root;
                        }
                        current = list.Items[index];
                        break;
                    }
                default:
                    diagnostics.Add(mark, $"'{string.Join('.', segments.Take(i))}' is a single value, so '{walked}' cannot be set");
                    return root;
            }
        }
        return root;
    }
}
