using System.Text;

namespace Berth.Templates;

/// <summary>Formatting flags of <see cref="TabWriter"/> (Go's <c>text/tabwriter</c> flags).</summary>
[Flags]
public enum TabWriterFlags
{
    None = 0,

    /// <summary>Treat HTML tags as zero width and entities as width one.</summary>
    FilterHtml = 1 << 0,

    /// <summary>Drop the <see cref="TabWriter.Escape"/> characters around escaped text instead of passing them through.</summary>
    StripEscape = 1 << 1,

    /// <summary>Right-align cell contents (pad on the left).</summary>
    AlignRight = 1 << 2,

    /// <summary>Columns whose cells are all empty and tab-terminated-less take no space.</summary>
    DiscardEmptyColumns = 1 << 3,

    /// <summary>Pad leading empty cells with tabs, independent of the pad character.</summary>
    TabIndent = 1 << 4,

    /// <summary>Print a vertical bar between columns.</summary>
    Debug = 1 << 5,
}

/// <summary>Go's <c>text/tabwriter</c> elastic tabstops as a <see cref="TextWriter"/>: text is buffered in cells
/// terminated by <c>\t</c>; a column block (adjacent lines sharing the column) is padded to its widest cell plus
/// padding, at least <c>minwidth</c>. A line without tabs ends all blocks. Call <see cref="Flush"/> at the end.</summary>
public sealed class TabWriter : TextWriter
{
    /// <summary>Text between two escape characters is one cell fragment whose tabs and newlines are literal
    /// (Go uses the byte 0xff; a .NET string uses the non-character U+FFFF).</summary>
    public const char Escape = '\uFFFF';

    private readonly TextWriter _output;
    private readonly int _minWidth;
    private readonly int _tabWidth;
    private readonly int _padding;
    private readonly char _padChar;
    private readonly TabWriterFlags _flags;

    private char[] _buf = new char[1024];
    private int _bufLength;
    private readonly List<List<Cell>> _lines = [];
    private readonly List<int> _widths = [];
    private int _pos;
    private Cell _cell;
    private char _endChar;

    private struct Cell
    {
        public int Size;
        public int Width;
        public bool Htab;
    }

    public TabWriter(TextWriter output, int minWidth, int tabWidth, int padding, char padChar, TabWriterFlags flags)
    {
        ArgumentNullException.ThrowIfNull(output);
        if (minWidth < 0 || tabWidth < 0 || padding < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(minWidth), "negative minwidth, tabwidth, or padding");
        }
        _output = output;
        _minWidth = minWidth;
        _tabWidth = tabWidth;
        _padding = padding;
        _padChar = padChar;
        if (padChar == '\t')
        {
            flags &= ~TabWriterFlags.AlignRight;
        }
        _flags = flags;
        Reset();
    }

    /// <summary>The writer podman's report layer uses (containers/common <c>report.Formatter</c>):
    /// minwidth 12, tabwidth 2, padding 2, space padding, <see cref="TabWriterFlags.StripEscape"/>.</summary>
    public static TabWriter ForReport(TextWriter output) => new(output, 12, 2, 2, ' ', TabWriterFlags.StripEscape);

    public override Encoding Encoding => Encoding.UTF8;

    private void Reset()
    {
        _bufLength = 0;
        _pos = 0;
        _cell = default;
        _endChar = '\0';
        _lines.Clear();
        _widths.Clear();
        _lines.Add([]);
    }

    public override void Write(char value) => Write(new ReadOnlySpan<char>(in value));

    public override void Write(string? value) => Write(value.AsSpan());

    public override void Write(char[] buffer, int index, int count) => Write(buffer.AsSpan(index, count));

    public override void Write(ReadOnlySpan<char> buffer)
    {
        var text = buffer;
        int n = 0;
        for (int i = 0; i < text.Length; i++)
        {
            char ch = text[i];
            if (_endChar == '\0')
            {
                switch (ch)
                {
                    case '\t' or '\v' or '\n' or '\f':
                        {
                            Append(text[n..i]);
                            UpdateWidth();
                            n = i + 1;
                            int ncells = TerminateCell(ch == '\t');
                            if (ch is '\n' or '\f')
                            {
                                _lines.Add([]);
                                if (ch == '\f' || ncells == 1)
                                {
                                    FlushInternal();
                                    if (ch == '\f' && (_flags & TabWriterFlags.Debug) != 0)
                                    {
                                        _output.Write("---\n");
                                    }
                                }
                            }
                            break;
                        }
                    case Escape:
                        Append(text[n..i]);
                        UpdateWidth();
                        n = i;
                        if ((_flags & TabWriterFlags.StripEscape) != 0)
                        {
                            n++;
                        }
                        _endChar = Escape;
                        break;
                    case '<' or '&':
                        if ((_flags & TabWriterFlags.FilterHtml) != 0)
                        {
                            Append(text[n..i]);
                            UpdateWidth();
                            n = i;
                            _endChar = ch == '<' ? '>' : ';';
                        }
                        break;
                }
            }
            else if (ch == _endChar)
            {
                int j = i + 1;
                if (ch == Escape && (_flags & TabWriterFlags.StripEscape) != 0)
                {
                    j = i;
                }
                Append(text[n..j]);
                n = i + 1;
                EndEscape();
            }
        }
        Append(text[n..]);
    }

    /// <summary>Formats and writes everything buffered. Go's tabwriter also requires this at the end.</summary>
    public override void Flush()
    {
        try
        {
            if (_cell.Size > 0)
            {
                if (_endChar != '\0')
                {
                    EndEscape();
                }
                TerminateCell(false);
            }
            Format(0, 0, _lines.Count);
        }
        finally
        {
            Reset();
        }
        _output.Flush();
    }

    private void FlushInternal()
    {
        if (_cell.Size > 0)
        {
            if (_endChar != '\0')
            {
                EndEscape();
            }
            TerminateCell(false);
        }
        Format(0, 0, _lines.Count);
        Reset();
    }

    private void Append(ReadOnlySpan<char> text)
    {
        if (_bufLength + text.Length > _buf.Length)
        {
            Array.Resize(ref _buf, Math.Max(_buf.Length * 2, _bufLength + text.Length));
        }
        text.CopyTo(_buf.AsSpan(_bufLength));
        _bufLength += text.Length;
        _cell.Size += text.Length;
    }

    private void UpdateWidth()
    {
        _cell.Width += RuneCount(_pos, _bufLength);
        _pos = _bufLength;
    }

    private int RuneCount(int from, int to)
    {
        int count = 0;
        for (int i = from; i < to; i++)
        {
            if (char.IsHighSurrogate(_buf[i]) && i + 1 < to && char.IsLowSurrogate(_buf[i + 1]))
            {
                i++;
            }
            count++;
        }
        return count;
    }

    private void EndEscape()
    {
        switch (_endChar)
        {
            case Escape:
                UpdateWidth();
                if ((_flags & TabWriterFlags.StripEscape) == 0)
                {
                    _cell.Width -= 2;
                }
                break;
            case '>':
                break;
            case ';':
                _cell.Width++;
                break;
        }
        _pos = _bufLength;
        _endChar = '\0';
    }

    private int TerminateCell(bool htab)
    {
        _cell.Htab = htab;
        var line = _lines[^1];
        line.Add(_cell);
        _cell = default;
        return line.Count;
    }

    private void WritePadding(int textw, int cellw, bool useTabs)
    {
        if (_padChar == '\t' || useTabs)
        {
            if (_tabWidth == 0)
            {
                return;
            }
            cellw = (cellw + _tabWidth - 1) / _tabWidth * _tabWidth;
            int n = cellw - textw;
            WriteRepeated('\t', (n + _tabWidth - 1) / _tabWidth);
            return;
        }
        if (cellw > textw)
        {
            WriteRepeated(_padChar, cellw - textw);
        }
    }

    private void WriteRepeated(char c, int count)
    {
        Span<char> chunk = stackalloc char[64];
        chunk.Fill(c);
        while (count > 0)
        {
            int n = Math.Min(count, chunk.Length);
            _output.Write(chunk[..n]);
            count -= n;
        }
    }

    private int WriteLines(int pos0, int line0, int line1)
    {
        int pos = pos0;
        for (int i = line0; i < line1; i++)
        {
            var line = _lines[i];
            bool useTabs = (_flags & TabWriterFlags.TabIndent) != 0;
            for (int j = 0; j < line.Count; j++)
            {
                var c = line[j];
                if (j > 0 && (_flags & TabWriterFlags.Debug) != 0)
                {
                    _output.Write('|');
                }
                if (c.Size == 0)
                {
                    if (j < _widths.Count)
                    {
                        WritePadding(c.Width, _widths[j], useTabs);
                    }
                }
                else
                {
                    useTabs = false;
                    if ((_flags & TabWriterFlags.AlignRight) == 0)
                    {
                        WriteChunk(pos, c.Size);
                        pos += c.Size;
                        if (j < _widths.Count)
                        {
                            WritePadding(c.Width, _widths[j], false);
                        }
                    }
                    else
                    {
                        if (j < _widths.Count)
                        {
                            WritePadding(c.Width, _widths[j], false);
                        }
                        WriteChunk(pos, c.Size);
                        pos += c.Size;
                    }
                }
            }
            if (i + 1 == _lines.Count)
            {
                WriteChunk(pos, _cell.Size);
                pos += _cell.Size;
            }
            else
            {
                _output.Write('\n');
            }
        }
        return pos;
    }

    private void WriteChunk(int start, int length)
    {
        if (length > 0)
        {
            _output.Write(_buf.AsSpan(start, length));
        }
    }

    private int Format(int pos0, int line0, int line1)
    {
        int pos = pos0;
        int column = _widths.Count;
        for (int current = line0; current < line1; current++)
        {
            var line = _lines[current];
            if (column >= line.Count - 1)
            {
                continue;
            }
            pos = WriteLines(pos, line0, current);
            line0 = current;
            int width = _minWidth;
            bool discardable = true;
            for (; current < line1; current++)
            {
                line = _lines[current];
                if (column >= line.Count - 1)
                {
                    break;
                }
                var c = line[column];
                int w = c.Width + _padding;
                if (w > width)
                {
                    width = w;
                }
                if (c.Width > 0 || c.Htab)
                {
                    discardable = false;
                }
            }
            if (discardable && (_flags & TabWriterFlags.DiscardEmptyColumns) != 0)
            {
                width = 0;
            }
            _widths.Add(width);
            pos = Format(pos, line0, current);
            _widths.RemoveAt(_widths.Count - 1);
            line0 = current;
        }
        return WriteLines(pos, line0, line1);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            Flush();
        }
        base.Dispose(disposing);
    }
}
