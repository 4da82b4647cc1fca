using System.Collections;
using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Text;
using SvDecode.Eval.Pipeline.Yaml;

namespace SvDecode.Eval.Pipeline;

/// <summary>
/// Binds a <see cref="YamlValue"/> tree onto configuration records, strictly: unknown keys, wrong types, missing
/// required fields, bad enum values and out-of-range numbers are all reported (every one, not just the first),
/// each at its file, line and column, with the allowed values and a did-you-mean suggestion.
/// </summary>
public sealed class SpecBinder(DiagnosticBag diagnostics, SpecLocations locations)
{
    public T? Bind<T>(YamlValue? root) where T : class => (T?)BindObject(typeof(T), root, "");

    private object? BindValue(Type type, YamlValue node, string path)
    {
        locations.Set(path, node.Mark);
        var underlying = Nullable.GetUnderlyingType(type);
        if (node is YamlScalar { IsNull: true })
        {
            if (underlying is not null || !type.IsValueType)
            {
                return null;
            }
            Error(node, path, $"a value is required ({Describe(type)})");
            return null;
        }
        type = underlying ?? type;
        if (type == typeof(string))
        {
            return ExpectScalar(node, path, type) is { } s ? s.Text : null;
        }
        if (type == typeof(int) || type == typeof(long) || type == typeof(double) || type == typeof(bool))
        {
            return BindNumberOrBool(type, node, path);
        }
        if (type.IsEnum)
        {
            return BindEnum(type, node, path);
        }
        if (ScalarInterface(type) is not null)
        {
            return BindScalar(type, node, path);
        }
        if (ListElementType(type) is { } element)
        {
            return BindList(element, node, path);
        }
        if (DictionaryValueType(type) is { } valueType)
        {
            return BindDictionary(valueType, node, path);
        }
        return BindObject(type, node, path);
    }

    private object? BindObject(Type type, YamlValue? node, string path)
    {
        if (node is null)
        {
            diagnostics.Add(locations.Root, "the pipeline file is empty");
            return null;
        }
        if (node is not YamlMap map)
        {
            Error(node, path, $"expected a mapping of {Describe(type)} fields, found {Kind(node)}");
            return null;
        }
        locations.Set(path, node.Mark);
        var instance = Activator.CreateInstance(type) ?? throw new InvalidOperationException(type.Name);
        var properties = SpecProperties(type);
        foreach (var entry in map.Entries)
        {
            var key = entry.Key.Text;
            if (!properties.TryGetValue(key, out var property))
            {
                var where = path.Length == 0 ? "the pipeline" : $"'{path}'";
                diagnostics.Add(entry.Key.Mark,
                    $"unknown key '{key}' in {where}.{NameSuggester.DidYouMean(key, properties.Keys)} Allowed keys: {string.Join(", ", properties.Keys)}.");
                continue;
            }
            var childPath = path.Length == 0 ? key : $"{path}.{key}";
            var before = diagnostics.Items.Count;
            var value = BindValue(property.PropertyType, entry.Value, childPath);
            if (diagnostics.Items.Count == before)
            {
                CheckRange(property, value, entry.Value, childPath);
            }
            // A partly bound child is kept, so later checks (files, names) can still report their own problems.
            if (value is not null || diagnostics.Items.Count == before)
            {
                property.SetValue(instance, value);
            }
        }
        foreach (var (key, property) in properties)
        {
            if (property.GetCustomAttribute<RequiredMemberAttribute>() is not null && map.Find(key) is null)
            {
                var where = path.Length == 0 ? "the pipeline" : $"'{path}'";
                diagnostics.Add(map.Mark, $"missing required key '{key}' in {where} ({Describe(property)})");
            }
        }
        if (instance is ISelfValidating validating)
        {
            validating.Validate(new SpecValidationContext(path, locations, diagnostics));
        }
        return instance;
    }

    private object? BindList(Type element, YamlValue node, string path)
    {
        // A single scalar where a list is expected is a common slip; we accept it as a one-item list.
        var items = node switch
        {
            YamlList list => list.Items,
            YamlScalar scalar => [scalar],
            _ => null,
        };
        if (items is null)
        {
            Error(node, path, $"expected a list of {Describe(element)}, found {Kind(node)}");
            return null;
        }
        var result = (IList)Activator.CreateInstance(typeof(List<>).MakeGenericType(element))!;
        for (var i = 0; i < items.Count; i++)
        {
            if (BindValue(element, items[i], $"{path}[{i}]") is { } value)
            {
                result.Add(value);
            }
            else if (!element.IsValueType || Nullable.GetUnderlyingType(element) is not null)
            {
                result.Add(null);
            }
        }
        return result;
    }

    private object? BindDictionary(Type valueType, YamlValue node, string path)
    {
        if (node is not YamlMap map)
        {
            Error(node, path, $"expected a mapping of names to {Describe(valueType)}, found {Kind(node)}");
            return null;
        }
        var result = (IDictionary)Activator.CreateInstance(typeof(Dictionary<,>).MakeGenericType(typeof(string), valueType))!;
        foreach (var entry in map.Entries)
        {
            result[entry.Key.Text] = BindValue(valueType, entry.Value, $"{path}.{entry.Key.Text}");
        }
        return result;
    }

    private object? BindNumberOrBool(Type type, YamlValue node, string path)
    {
        if (ExpectScalar(node, path, type) is not { } scalar)
        {
            return null;
        }
        var text = scalar.Text.Replace("_", "", StringComparison.Ordinal);
        const NumberStyles integer = NumberStyles.AllowLeadingSign;
        object? value = type switch
        {
            _ when scalar.IsQuoted => null,
            _ when type == typeof(int) => int.TryParse(text, integer, CultureInfo.InvariantCulture, out var i) ? i : null,
            _ when type == typeof(long) => long.TryParse(text, integer, CultureInfo.InvariantCulture, out var l) ? l : null,
            _ when type == typeof(double) => ParseDouble(text),
            _ => text switch { "true" or "True" or "TRUE" => true, "false" or "False" or "FALSE" => false, _ => null },
        };
        if (value is null)
        {
            Error(node, path, $"'{scalar.Text}' is not {Describe(type)}");
        }
        return value;
    }

    private static double? ParseDouble(string text) => text switch
    {
        ".inf" or ".Inf" or "+.inf" => double.PositiveInfinity,
        "-.inf" or "-.Inf" => double.NegativeInfinity,
        _ when double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && double.IsFinite(d) => d,
        _ => null,
    };

    private object? BindEnum(Type type, YamlValue node, string path)
    {
        if (ExpectScalar(node, path, type) is not { } scalar)
        {
            return null;
        }
        var names = EnumNames(type);
        foreach (var (name, value) in names)
        {
            if (name == scalar.Text)
            {
                return value;
            }
        }
        Error(node, path,
            $"'{scalar.Text}' is not allowed.{NameSuggester.DidYouMean(scalar.Text, names.Select(n => n.Name))} Allowed values: {string.Join(", ", names.Select(n => n.Name))}.");
        return null;
    }

    private object? BindScalar(Type type, YamlValue node, string path)
    {
        if (ExpectScalar(node, path, type) is not { } scalar)
        {
            return null;
        }
        var value = type.GetMethod(nameof(ISpecScalar<>.TryParse), BindingFlags.Public | BindingFlags.Static, [typeof(string)])!.Invoke(null, [scalar.Text]);
        if (value is null)
        {
            Error(node, path, $"'{scalar.Text}' is not {Describe(type)}");
        }
        return value;
    }

    private static Type? ScalarInterface(Type type) =>
        type.GetInterfaces().FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(ISpecScalar<>));

    private void CheckRange(PropertyInfo property, object? value, YamlValue node, string path)
    {
        if (value is null || property.GetCustomAttribute<RangeAttribute>() is not { } range)
        {
            return;
        }
        var number = Convert.ToDouble(value, CultureInfo.InvariantCulture);
        var min = Convert.ToDouble(range.Minimum, CultureInfo.InvariantCulture);
        var max = Convert.ToDouble(range.Maximum, CultureInfo.InvariantCulture);
        var tooLow = range.MinimumIsExclusive ? number <= min : number < min;
        var tooHigh = range.MaximumIsExclusive ? number >= max : number > max;
        if (tooLow || tooHigh)
        {
            Error(node, path, $"{Format(number)} is out of range: allowed {RangeText(range, min, max)}");
        }
    }

    private static string RangeText(RangeAttribute range, double min, double max)
    {
        if (max >= int.MaxValue)
        {
            return range.MinimumIsExclusive ? $"> {Format(min)}" : $">= {Format(min)}";
        }
        var open = range.MinimumIsExclusive ? "(" : "[";
        var close = range.MaximumIsExclusive ? ")" : "]";
        return $"{open}{Format(min)}, {Format(max)}{close}";
    }

    private static string Format(double value) => value.ToString("G", CultureInfo.InvariantCulture);

    private YamlScalar? ExpectScalar(YamlValue node, string path, Type type)
    {
        if (node is YamlScalar scalar)
        {
            return scalar;
        }
        Error(node, path, $"expected {Describe(type)}, found {Kind(node)}");
        return null;
    }

    private void Error(YamlValue node, string path, string message) =>
        diagnostics.Add(node.Mark, path.Length == 0 ? message : $"{path}: {message}");

    private static string Kind(YamlValue node) => node switch
    {
        YamlMap => "a mapping",
        YamlList => "a list",
        YamlScalar s => $"'{s.Text}'",
        _ => "a value",
    };

    private static string Describe(PropertyInfo property) =>
        property.GetCustomAttribute<SpecDocAttribute>()?.Text ?? Describe(property.PropertyType);

    internal static string Describe(Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (type == typeof(string)) return "a string";
        if (type == typeof(int) || type == typeof(long)) return "an integer";
        if (type == typeof(double)) return "a number";
        if (type == typeof(bool)) return "true or false";
        if (type.IsEnum) return "one of " + string.Join(", ", EnumNames(type).Select(n => n.Name));
        if (ScalarInterface(type) is not null) return (string)type.GetProperty(nameof(ISpecScalar<>.Expected), BindingFlags.Public | BindingFlags.Static)!.GetValue(null)!;
        if (ListElementType(type) is { } element) return "a list of " + Describe(element);
        return "a " + SnakeCase(type.Name.Replace("Spec", "", StringComparison.Ordinal).Replace("Settings", "", StringComparison.Ordinal)) + " mapping";
    }

    internal static Dictionary<string, PropertyInfo> SpecProperties(Type type) =>
        type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.CanWrite && p.GetIndexParameters().Length == 0)
            .ToDictionary(p => p.GetCustomAttribute<SpecNameAttribute>()?.Name ?? SnakeCase(p.Name), StringComparer.Ordinal);

    internal static List<(string Name, object Value)> EnumNames(Type type) =>
        [.. type.GetFields(BindingFlags.Public | BindingFlags.Static)
            .Select(f => (f.GetCustomAttribute<SpecNameAttribute>()?.Name ?? SnakeCase(f.Name), f.GetValue(null)!))];

    internal static Type? ListElementType(Type type) =>
        type.IsGenericType && type.GetGenericTypeDefinition() is var d &&
        (d == typeof(IReadOnlyList<>) || d == typeof(List<>) || d == typeof(IList<>)) ? type.GetGenericArguments()[0] : null;

    internal static Type? DictionaryValueType(Type type) =>
        type.IsGenericType && type.GetGenericTypeDefinition() is var d &&
        (d == typeof(IReadOnlyDictionary<,>) || d == typeof(Dictionary<,>)) && type.GetGenericArguments()[0] == typeof(string)
            ? type.GetGenericArguments()[1] : null;

    /// <summary>PascalCase → snake_case ("MaxNewTokens" → "max_new_tokens", "Float32" → "float32").</summary>
    public static string SnakeCase(string name)
    {
        var sb = new StringBuilder(name.Length + 4);
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (char.IsUpper(c) && i > 0 && (char.IsLower(name[i - 1]) || (i + 1 < name.Length && char.IsLower(name[i + 1]) && char.IsUpper(name[i - 1]))))
            {
                sb.Append('_');
            }
            sb.Append(char.ToLowerInvariant(c));
        }
        return sb.ToString();
    }
}
