using System.Text;

namespace SvDecode.Eval.Data;

/// <summary>One CSV record with the 1-based line it starts on (quoted fields may span lines).</summary>
public sealed record CsvRecord(int Line, IReadOnlyList<string> Fields);

/// <summary>
/// RFC 4180 CSV: comma-separated, fields optionally double-quoted, "" inside quotes is a quote, CRLF or LF line ends,
/// quoted fields may contain newlines. Blank lines are ignored. An unterminated quote is an error naming its line.
/// Like Python's csv module (which wrote and reads MMLU), a quote inside an unquoted field, or text after a closing
/// quote, is kept literally: MMLU's val/college_medicine_val.csv has such a row.
/// </summary>
public static class CsvReader
{
    public static IReadOnlyList<CsvRecord> Read(DataFile file)
    {
        var text = file.Text;
        var records = new List<CsvRecord>();
        var fields = new List<string>();
        var field = new StringBuilder();
        var line = 1;
        var recordLine = 1;
        var inQuotes = false;
        var quoteLine = 0;
        var fieldWasQuoted = false;
        var i = 0;

        void EndField()
        {
            fields.Add(field.ToString());
            field.Clear();
            fieldWasQuoted = false;
        }

        void EndRecord()
        {
            EndField();
            var blank = fields.Count == 1 && fields[0].Length == 0;
            if (!blank)
            {
                records.Add(new CsvRecord(recordLine, fields.ToArray()));
            }
            fields.Clear();
        }

        while (i < text.Length)
        {
            var c = text[i];
            if (inQuotes)
            {
                if (c == '"')
                {
                    if (i + 1 < text.Length && text[i + 1] == '"')
                    {
                        field.Append('"');
                        i += 2;
                        continue;
                    }
                    inQuotes = false;
                    i++;
                    continue;
                }
                if (c == '\n')
                {
                    line++;
                }
                field.Append(c);
                i++;
                continue;
            }
            switch (c)
            {
                case '"' when field.Length == 0 && !fieldWasQuoted:
                    inQuotes = true;
                    fieldWasQuoted = true;
                    quoteLine = line;
                    i++;
                    break;
                case ',':
                    EndField();
                    i++;
                    break;
                case '\r' when i + 1 < text.Length && text[i + 1] == '\n':
                    i++;
                    break;
                case '\n':
                    EndRecord();
                    line++;
                    recordLine = line;
                    i++;
                    break;
                default:
                    field.Append(c);
                    i++;
                    break;
            }
        }
        if (inQuotes)
        {
            throw new InputException($"{file.Path}:{quoteLine}: a quoted field is never closed.");
        }
        if (field.Length > 0 || fields.Count > 0 || fieldWasQuoted)
        {
            EndRecord();
        }
        return records;
    }
}
