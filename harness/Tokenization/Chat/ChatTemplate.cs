using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace SvDecode.Eval.Tokenization.Chat;

/// <summary>
/// A model's chat template: the Jinja2 <c>chat_template</c> of its tokenizer_config.json (a string, or the entry named
/// "default" of a list of named templates), rendered as transformers' <c>apply_chat_template(messages, tokenize=False,
/// add_generation_prompt=True)</c> renders it: with <c>messages</c>, <c>add_generation_prompt</c>, the config's
/// <c>bos_token</c>/<c>eos_token</c> and <c>raise_exception</c>. <c>strftime_now</c> is not offered, so templates that
/// print today's date fall back to their fixed date and prompts stay reproducible.
/// </summary>
public sealed class ChatTemplate
{
    public const string FileName = "tokenizer_config.json";

    private readonly JinjaTemplate _template;
    private readonly string? _bos;
    private readonly string? _eos;
    private readonly bool _tokenizerAddsBos;

    private ChatTemplate(JinjaTemplate template, string path, string source, string? bos, string? eos, bool tokenizerAddsBos)
    {
        _template = template;
        Path = path;
        _bos = bos;
        _eos = eos;
        _tokenizerAddsBos = tokenizerAddsBos;
        Sha256 = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{source}\n{bos}\n{eos}\n{tokenizerAddsBos}")));
    }

    /// <summary>The tokenizer_config.json it came from.</summary>
    public string Path { get; }

    /// <summary>SHA-256 of the template text and the special tokens it sees: what a prompt rendered with it depends on.</summary>
    public string Sha256 { get; }

    /// <summary>Reads the chat template of the model folder <paramref name="modelFolder"/>; an error names the file
    /// when there is none.</summary>
    public static ChatTemplate Load(string modelFolder)
    {
        var path = System.IO.Path.Combine(modelFolder, FileName);
        if (!File.Exists(path))
        {
            throw new InputException($"{path}: not found; a chat template (chat_template: true) needs the model's {FileName} with a 'chat_template'.");
        }
        var file = JsonFile.Load(path);
        if (file.Root.ValueKind != JsonValueKind.Object || !file.Root.TryGetProperty("chat_template", out var value) || value.ValueKind == JsonValueKind.Null)
        {
            throw new InputException($"{path}: has no 'chat_template' (a base model without a chat format); remove chat_template: true for this model.");
        }
        var source = value.ValueKind switch
        {
            JsonValueKind.String => value.GetString()!,
            JsonValueKind.Array => Named(file, value, "default"),
            _ => throw file.Error("chat_template", "must be a string or a list of {name, template}"),
        };
        var config = TokenizerConfig.Load(modelFolder);
        var template = new JinjaTemplate(source, $"{path}: chat_template");
        return new ChatTemplate(template, path, source, config.Name("bos_token"), config.Name("eos_token"), config.AddBosToken != false);
    }

    /// <summary>The prompt for one user turn, ending with the assistant's generation prompt: the answer follows it.</summary>
    public string RenderUserTurn(string content) => Render([new ChatMessage("user", content)], addGenerationPrompt: true);

    /// <summary>
    /// <see cref="RenderUserTurn"/> as the text the harness encodes. Prompts are encoded with the tokenizer's special
    /// tokens, so a leading <c>bos_token</c> the template writes (Llama 2 and 3, Mistral, Gemma) is dropped and the
    /// tokenizer's own BOS stays the only one, as transformers' apply_chat_template(tokenize=True) encodes the text
    /// without special tokens. It is kept when tokenizer_config.json says <c>add_bos_token: false</c>.
    /// </summary>
    public string PromptFor(string content)
    {
        var text = RenderUserTurn(content);
        return _tokenizerAddsBos && _bos is { Length: > 0 } bos && text.StartsWith(bos, StringComparison.Ordinal) ? text[bos.Length..] : text;
    }

    public string Render(IReadOnlyList<ChatMessage> messages, bool addGenerationPrompt)
    {
        var variables = new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["messages"] = messages.Select(m => (object?)new Dictionary<string, object?>(StringComparer.Ordinal) { ["role"] = m.Role, ["content"] = m.Content }).ToList(),
            ["add_generation_prompt"] = addGenerationPrompt,
            ["raise_exception"] = (Func<IReadOnlyList<object?>, object?>)(args =>
                throw new InputException($"{_template.Origin}: the template refused the conversation: {(args.Count > 0 ? args[0] : "")}")),
        };
        // An unset special token is undefined to the template, as in transformers (which passes only those it has).
        if (_bos is not null)
        {
            variables["bos_token"] = _bos;
        }
        if (_eos is not null)
        {
            variables["eos_token"] = _eos;
        }
        return _template.Render(variables);
    }

    private static string Named(JsonFile file, JsonElement list, string name)
    {
        foreach (var entry in list.EnumerateArray())
        {
            if (entry.ValueKind == JsonValueKind.Object && file.String(entry, "name", "chat_template[].name") == name)
            {
                return file.RequireString(entry, "template", "chat_template[].template");
            }
        }
        throw file.Error("chat_template", $"is a list of named templates without one named '{name}'");
    }
}
