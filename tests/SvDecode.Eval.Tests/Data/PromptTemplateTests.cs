using SvDecode.Eval.Data;
using Xunit;

namespace SvDecode.Eval.Tests.Data;

public sealed class PromptTemplateTests
{
    private const string Text = "# comment\nname: toy\nversion: 3\ndescription: a toy\n=== prompt\nQ: {question} {{literal}}\n\n=== choice\n {choice}\n=== target\n{answer}\n";

    [Fact]
    public void Sections_keep_inner_newlines_and_drop_the_last_one()
    {
        var template = PromptTemplate.Parse(Text, "toy.tmpl");
        Assert.Equal(new TemplateInfo("toy", 3), template.Info);
        Assert.Equal("toy@v3", template.Info.ToString());
        Assert.Equal("Q: why? {literal}\n", template.Render("prompt", new Dictionary<string, string> { ["question"] = "why?" }));
        Assert.Equal(" x", template.Render("choice", new Dictionary<string, string> { ["choice"] = "x" }));
        Assert.Equal("a", template.Render("target", new Dictionary<string, string> { ["answer"] = "a" }));
    }

    [Fact]
    public void Values_are_not_re_expanded()
    {
        var template = PromptTemplate.Parse(Text, "toy.tmpl");
        Assert.Equal("Q: {answer} {literal}\n", template.Render("prompt", new Dictionary<string, string> { ["question"] = "{answer}", ["answer"] = "no" }));
    }

    [Fact]
    public void Missing_field_section_or_header_is_an_error()
    {
        var template = PromptTemplate.Parse(Text, "toy.tmpl");
        Assert.Equal("template toy@v3 section 'prompt': no value for '{question}' (available: other).",
            Assert.Throws<InputException>(() => template.Render("prompt", new Dictionary<string, string> { ["other"] = "" })).Message);
        Assert.Throws<InputException>(() => template.Render("nope", new Dictionary<string, string>()));
        Assert.Equal("toy.tmpl: the header must give 'name:' and 'version:'.",
            Assert.Throws<InputException>(() => PromptTemplate.Parse("name: x\n=== prompt\na\n=== target\nb", "toy.tmpl")).Message);
        Assert.Equal("toy.tmpl: missing section '=== target'.",
            Assert.Throws<InputException>(() => PromptTemplate.Parse("name: x\nversion: 1\n=== prompt\na", "toy.tmpl")).Message);
        Assert.StartsWith("toy.tmpl:2: unknown header 'verison'",
            Assert.Throws<InputException>(() => PromptTemplate.Parse("name: x\nverison: 1\n", "toy.tmpl")).Message, StringComparison.Ordinal);
    }
}

public sealed class PromptTemplateCheckTests
{
    private static readonly TemplateSchema Schema = new("toy",
    [
        new(PromptTemplate.PromptSection, ["question"]),
        new("prompt_with_input", ["question", "input"], Required: false),
        new(PromptTemplate.ChoiceSection, ["choice", "label"]),
        new(PromptTemplate.TargetSection, ["best_answer"]),
    ]);

    private static string Check(string text) =>
        Assert.Throws<InputException>(() => PromptTemplate.Parse(text, "my.tmpl").Check(Schema, "jsonl")).Message;

    [Fact]
    public void A_template_using_only_the_benchmarks_fields_passes()
    {
        PromptTemplate.Parse("name: t\nversion: 1\n=== prompt\nQuestion: {question} {{x}}\nAnswer:\n=== choice\n {label}\n=== target\n {best_answer}\n", "my.tmpl").Check(Schema, "jsonl");
    }

    [Fact]
    public void An_unknown_field_names_the_file_line_and_field_with_the_allowed_ones()
    {
        Assert.Equal("my.tmpl:6: field '{questoin}' is not available in section 'prompt' of jsonl (available: {question}).",
            Check("# a comment\nname: t\nversion: 1\n=== prompt\nContext line\nQ: {questoin}\n=== choice\n {choice}\n=== target\n {best_answer}\n"));
    }

    [Fact]
    public void Unknown_sections_missing_sections_and_unclosed_braces_are_errors_with_lines()
    {
        Assert.Equal("my.tmpl:5: section '=== answer' is not used by jsonl (its sections: prompt, prompt_with_input, choice, target).",
            Check("name: t\nversion: 1\n=== prompt\n{question}\n=== answer\nx\n=== choice\n{choice}\n=== target\n{best_answer}\n"));
        Assert.Equal("my.tmpl: missing section '=== choice' (needed by jsonl; fields: {choice}, {label}).",
            Check("name: t\nversion: 1\n=== prompt\n{question}\n=== target\n{best_answer}\n"));
        Assert.Equal("my.tmpl:4: '{' without a closing '}' on its line in section 'prompt' (write '{{' for a literal brace).",
            Check("name: t\nversion: 1\n=== prompt\nQ: {question\n}\n=== choice\n{choice}\n=== target\n{best_answer}\n"));
    }
}
