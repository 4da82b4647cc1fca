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
