using System.Text.Json;
using SvDecode.Eval.Tests.Support;
using SvDecode.Eval.Tokenization.Chat;
using Xunit;

namespace SvDecode.Eval.Tests.Tokenization;

/// <summary>The Jinja subset against jinja2's renderings of real chat templates (Llama 2/3/3.2, Mistral, Gemma,
/// ChatML, Qwen3 with tools), and <see cref="ChatTemplate"/> as the harness uses it.</summary>
public sealed class ChatTemplateTests
{
    public static TheoryData<string, string> Cases()
    {
        var data = new TheoryData<string, string>();
        foreach (var c in ChatTemplateReference.All.Where(c => !c.GetProperty("template").GetString()!.StartsWith("shared/", StringComparison.Ordinal)))
        {
            data.Add(c.GetProperty("template").GetString()!, c.GetProperty("case").GetString()!);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Renders_as_jinja2_does(string template, string name)
    {
        var reference = ChatTemplateReference.Case(template, name);
        var config = JsonDocument.Parse(File.ReadAllText(Path.Combine(ChatTemplateReference.Folder, template, "tokenizer_config.json"))).RootElement;
        var jinja = new JinjaTemplate(config.GetProperty("chat_template").GetString()!, template);
        var variables = (Dictionary<string, object?>)ChatTemplateReference.Value(reference.GetProperty("variables"))!;
        foreach (var token in new[] { "bos_token", "eos_token" })
        {
            if (config.GetProperty(token).GetString() is { } text)
            {
                variables[token] = text;
            }
        }
        variables["raise_exception"] = (Func<IReadOnlyList<object?>, object?>)(args => throw new InputException($"raised: {args[0]}"));
        if (reference.TryGetProperty("error", out var error))
        {
            Assert.Equal($"raised: {error.GetString()}", Assert.Throws<InputException>(() => jinja.Render(variables)).Message);
            return;
        }
        Assert.Equal(reference.GetProperty("expected").GetString(), jinja.Render(variables));
    }

    [Theory]
    [InlineData("llama-3-instruct")]
    [InlineData("llama-3.2-instruct")]
    [InlineData("mistral-7b-instruct-v0.1")]
    [InlineData("qwen3")]
    [InlineData("gemma-it")]
    public void A_user_turn_ends_with_the_generation_prompt_as_transformers_renders_it(string template)
    {
        var chat = ChatTemplate.Load(Path.Combine(ChatTemplateReference.Folder, template));
        foreach (var name in new[] { "user-turn", "odd-text" })
        {
            var reference = ChatTemplateReference.Case(template, name);
            var content = reference.GetProperty("variables").GetProperty("messages")[0].GetProperty("content").GetString()!;
            Assert.Equal(reference.GetProperty("expected").GetString(), chat.RenderUserTurn(content));
        }
    }

    [SharedFact("fixtures/tokenizers/qwen2/tokenizer_config.json")]
    public void The_shared_qwen2_tokenizer_config_renders_as_jinja2_does()
    {
        var chat = ChatTemplate.Load(SharedFiles.Fixture("tokenizers", "qwen2"));
        foreach (var name in new[] { "user-turn", "odd-text", "with-system" })
        {
            var reference = ChatTemplateReference.Case("shared/qwen2", name);
            var messages = reference.GetProperty("variables").GetProperty("messages").EnumerateArray()
                .Select(m => new ChatMessage(m.GetProperty("role").GetString()!, m.GetProperty("content").GetString()!)).ToList();
            Assert.Equal(reference.GetProperty("expected").GetString(), chat.Render(messages, addGenerationPrompt: true));
        }
    }

    [SharedFact("fixtures/tokenizers/gpt2/tokenizer_config.json")]
    public void A_model_without_a_chat_template_is_an_error_naming_its_tokenizer_config()
    {
        var folder = SharedFiles.Fixture("tokenizers", "gpt2");
        var message = Assert.Throws<InputException>(() => ChatTemplate.Load(folder)).Message;
        Assert.StartsWith(Path.Combine(folder, "tokenizer_config.json") + ": has no 'chat_template'", message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_tokenizer_config_is_an_error_naming_it()
    {
        using var temp = new TempDirectory();
        var message = Assert.Throws<InputException>(() => ChatTemplate.Load(temp.Path)).Message;
        Assert.StartsWith(Path.Combine(temp.Path, "tokenizer_config.json") + ": not found", message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{% if x %}a", "t line 1, column 1: this tag is never closed with '{% endif %}'.")]
    [InlineData("ok\n{{ x | shout }}", "t line 2, column 1: the filter 'shout' is not supported.")]
    [InlineData("{% macro m() %}{% endmacro %}", "t line 1, column 4: the tag 'macro' is not supported in chat templates here.")]
    [InlineData("{{ 'a' + 1 }}", "t line 1, column 1: unsupported operand types for +: 'a' and 1.")]
    [InlineData("{{ x.y(}}", "t line 1, column 8: the tag ends too early.")]
    public void Errors_name_the_template_line_and_column(string source, string expected)
    {
        var error = Assert.Throws<InputException>(() => new JinjaTemplate(source, "t").Render(new Dictionary<string, object?> { ["x"] = true }));
        Assert.Equal(expected, error.Message);
    }

    [Fact]
    public void Sets_inside_a_loop_do_not_leak_but_namespace_attributes_do()
    {
        const string source = "{% set a = 1 %}{% set ns = namespace(b=1) %}{% for i in range(3) %}{% set a = i %}{% set ns.b = i %}{% endfor %}{{ a }}{{ ns.b }}";
        Assert.Equal("12", new JinjaTemplate(source, "t").Render(new Dictionary<string, object?>()));
    }

    [Fact]
    public void The_prompt_drops_a_leading_bos_the_tokenizer_adds_itself_unless_the_config_turns_it_off()
    {
        using var temp = new TempDirectory();
        var config = File.ReadAllText(Path.Combine(ChatTemplateReference.Folder, "llama-3-instruct", "tokenizer_config.json"));
        var rendered = ChatTemplateReference.Case("llama-3-instruct", "user-turn").GetProperty("expected").GetString()!;
        var content = ChatTemplateReference.Case("llama-3-instruct", "user-turn").GetProperty("variables").GetProperty("messages")[0].GetProperty("content").GetString()!;
        Assert.StartsWith("<|begin_of_text|>", rendered, StringComparison.Ordinal);

        temp.File("tokenizer_config.json", config);
        Assert.Equal(rendered["<|begin_of_text|>".Length..], ChatTemplate.Load(temp.Path).PromptFor(content));

        temp.File("tokenizer_config.json", "{\n  \"add_bos_token\": false," + config[1..]);
        Assert.Equal(rendered, ChatTemplate.Load(temp.Path).PromptFor(content));

        // A template without a BOS (ChatML) is left as it is.
        var chatml = ChatTemplateReference.Case("chatml", "user-turn").GetProperty("expected").GetString()!;
        Assert.Equal(chatml, ChatTemplate.Load(Path.Combine(ChatTemplateReference.Folder, "chatml")).PromptFor(content));
    }
}
