using SvDecode.Eval.Data;
using SvDecode.Eval.Tests.Benchmarks;
using Xunit;

namespace SvDecode.Eval.Tests.Data;

public sealed class CsvReaderTests : IDisposable
{
    private readonly TempFiles _files = new();

    public void Dispose() => _files.Dispose();

    [Fact]
    public void Quotes_commas_newlines_and_crlf()
    {
        var path = _files.Write("a.csv", "\uFEFFa,b,c\r\n\"x, y\",\"say \"\"hi\"\"\",\"two\r\nlines\"\r\n\r\nlast,,\n");
        var records = CsvReader.Read(DataFile.Read(path));
        Assert.Equal(3, records.Count);
        Assert.Equal(["a", "b", "c"], records[0].Fields);
        Assert.Equal(["x, y", "say \"hi\"", "two\r\nlines"], records[1].Fields);
        Assert.Equal(2, records[1].Line);
        Assert.Equal(["last", "", ""], records[2].Fields);
        Assert.Equal(5, records[2].Line);
    }

    [Fact]
    public void Stray_quotes_are_literal_as_in_python_csv()
    {
        var path = _files.Write("c.csv", "Nietzsche’s Will to Truth?\",b\n\"ab\"c,d\n");
        var records = CsvReader.Read(DataFile.Read(path));
        Assert.Equal(["Nietzsche’s Will to Truth?\"", "b"], records[0].Fields);
        Assert.Equal(["abc", "d"], records[1].Fields);
    }

    [Fact]
    public void Unclosed_quote_names_the_line_it_opened_on()
    {
        var path = _files.Write("b.csv", "a,b\nc,\"never\nclosed\n");
        Assert.Equal($"{path}:2: a quoted field is never closed.",
            Assert.Throws<InputException>(() => CsvReader.Read(DataFile.Read(path))).Message);
    }
}
