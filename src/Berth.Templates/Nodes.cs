using System.Text;

namespace Berth.Templates;

/// <summary>A node of a parsed template (Go's <c>text/template/parse</c> tree).
/// <see cref="ToString"/> reproduces Go's <c>Node.String()</c>, which error messages quote.</summary>
internal abstract class Node
{
    protected Node(int pos) => Pos = pos;

    /// <summary>Char index of the node in the template text.</summary>
    public int Pos { get; }

    public abstract void WriteTo(StringBuilder sb);

    public override string ToString()
    {
        var sb = new StringBuilder();
        WriteTo(sb);
        return sb.ToString();
    }
}

internal sealed class ListNode(int pos) : Node(pos)
{
    public List<Node> Nodes { get; } = [];

    public override void WriteTo(StringBuilder sb)
    {
        foreach (var n in Nodes)
        {
            n.WriteTo(sb);
        }
    }
}

internal sealed class TextNode(int pos, string text) : Node(pos)
{
    public string Text { get; } = text;

    public override void WriteTo(StringBuilder sb) => sb.Append(Text);
}

internal sealed class CommentNode(int pos, string text) : Node(pos)
{
    public string Text { get; } = text;

    public override void WriteTo(StringBuilder sb) => sb.Append("{{").Append(Text).Append("}}");
}

internal sealed class PipeNode(int pos, int line) : Node(pos)
{
    public int Line { get; } = line;

    public bool IsAssign { get; set; }

    public List<VariableNode> Decl { get; } = [];

    public List<CommandNode> Cmds { get; } = [];

    public override void WriteTo(StringBuilder sb)
    {
        if (Decl.Count > 0)
        {
            for (int i = 0; i < Decl.Count; i++)
            {
                if (i > 0)
                {
                    sb.Append(", ");
                }
                Decl[i].WriteTo(sb);
            }
            sb.Append(" := ");
        }
        for (int i = 0; i < Cmds.Count; i++)
        {
            if (i > 0)
            {
                sb.Append(" | ");
            }
            Cmds[i].WriteTo(sb);
        }
    }
}

internal sealed class ActionNode(int pos, int line, PipeNode pipe) : Node(pos)
{
    public int Line { get; } = line;

    public PipeNode Pipe { get; } = pipe;

    public override void WriteTo(StringBuilder sb)
    {
        sb.Append("{{");
        Pipe.WriteTo(sb);
        sb.Append("}}");
    }
}

internal sealed class CommandNode(int pos) : Node(pos)
{
    public List<Node> Args { get; } = [];

    public override void WriteTo(StringBuilder sb)
    {
        for (int i = 0; i < Args.Count; i++)
        {
            if (i > 0)
            {
                sb.Append(' ');
            }
            if (Args[i] is PipeNode pipe)
            {
                sb.Append('(');
                pipe.WriteTo(sb);
                sb.Append(')');
                continue;
            }
            Args[i].WriteTo(sb);
        }
    }
}

/// <summary>A function name.</summary>
internal sealed class IdentifierNode(int pos, string ident) : Node(pos)
{
    public string Ident { get; } = ident;

    public override void WriteTo(StringBuilder sb) => sb.Append(Ident);
}

/// <summary><c>$x</c> or <c>$x.Field.Sub</c>.</summary>
internal sealed class VariableNode(int pos, string ident) : Node(pos)
{
    public string[] Ident { get; } = ident.Split('.');

    public override void WriteTo(StringBuilder sb)
    {
        for (int i = 0; i < Ident.Length; i++)
        {
            if (i > 0)
            {
                sb.Append('.');
            }
            sb.Append(Ident[i]);
        }
    }
}

internal sealed class DotNode(int pos) : Node(pos)
{
    public override void WriteTo(StringBuilder sb) => sb.Append('.');
}

internal sealed class NilNode(int pos) : Node(pos)
{
    public override void WriteTo(StringBuilder sb) => sb.Append("nil");
}

/// <summary><c>.Field.Sub</c>.</summary>
internal sealed class FieldNode(int pos, string ident) : Node(pos)
{
    public string[] Ident { get; } = ident[1..].Split('.');

    public override void WriteTo(StringBuilder sb)
    {
        foreach (var id in Ident)
        {
            sb.Append('.').Append(id);
        }
    }
}

/// <summary><c>(pipeline).Field</c> or a term followed by fields.</summary>
internal sealed class ChainNode(int pos, Node node) : Node(pos)
{
    public Node Node { get; } = node;

    public List<string> Field { get; } = [];

    public void Add(string field)
    {
        if (field.Length == 0 || field[0] != '.')
        {
            throw new InvalidOperationException("no dot in field");
        }
        field = field[1..];
        if (field.Length == 0)
        {
            throw new InvalidOperationException("empty field");
        }
        Field.Add(field);
    }

    public override void WriteTo(StringBuilder sb)
    {
        if (Node is PipeNode)
        {
            sb.Append('(');
            Node.WriteTo(sb);
            sb.Append(')');
        }
        else
        {
            Node.WriteTo(sb);
        }
        foreach (var f in Field)
        {
            sb.Append('.').Append(f);
        }
    }
}

internal sealed class BoolNode(int pos, bool value) : Node(pos)
{
    public bool True { get; } = value;

    public override void WriteTo(StringBuilder sb) => sb.Append(True ? "true" : "false");
}

internal sealed class NumberNode(int pos, string text) : Node(pos)
{
    public string Text { get; } = text;

    public bool IsInt { get; set; }

    public bool IsUint { get; set; }

    public bool IsFloat { get; set; }

    public bool IsComplex { get; set; }

    public System.Numerics.Complex Complex { get; set; }

    public long Int64 { get; set; }

    public ulong Uint64 { get; set; }

    public double Float64 { get; set; }

    /// <summary>The boxed constant the executor uses for this literal (computed once).</summary>
    public object? Boxed { get; set; }

    public override void WriteTo(StringBuilder sb) => sb.Append(Text);
}

internal sealed class StringNode(int pos, string quoted, string text) : Node(pos)
{
    public string Quoted { get; } = quoted;

    public string Text { get; } = text;

    public override void WriteTo(StringBuilder sb) => sb.Append(Quoted);
}

/// <summary>Internal marker for <c>{{end}}</c>; never in a finished tree.</summary>
internal sealed class EndNode(int pos) : Node(pos)
{
    public override void WriteTo(StringBuilder sb) => sb.Append("{{end}}");
}

/// <summary>Internal marker for <c>{{else}}</c>; never in a finished tree.</summary>
internal sealed class ElseNode(int pos, int line) : Node(pos)
{
    public int Line { get; } = line;

    public override void WriteTo(StringBuilder sb) => sb.Append("{{else}}");
}

internal enum BranchKind
{
    If,
    Range,
    With,
}

/// <summary><c>if</c>, <c>range</c> and <c>with</c>.</summary>
internal sealed class BranchNode(BranchKind kind, int pos, int line, PipeNode pipe, ListNode list, ListNode? elseList) : Node(pos)
{
    public BranchKind Kind { get; } = kind;

    public int Line { get; } = line;

    public PipeNode Pipe { get; } = pipe;

    public ListNode List { get; } = list;

    public ListNode? ElseList { get; } = elseList;

    public override void WriteTo(StringBuilder sb)
    {
        sb.Append("{{").Append(Kind switch { BranchKind.If => "if", BranchKind.Range => "range", _ => "with" }).Append(' ');
        Pipe.WriteTo(sb);
        sb.Append("}}");
        List.WriteTo(sb);
        if (ElseList is not null)
        {
            sb.Append("{{else}}");
            ElseList.WriteTo(sb);
        }
        sb.Append("{{end}}");
    }
}

internal sealed class BreakNode(int pos, int line) : Node(pos)
{
    public int Line { get; } = line;

    public override void WriteTo(StringBuilder sb) => sb.Append("{{break}}");
}

internal sealed class ContinueNode(int pos, int line) : Node(pos)
{
    public int Line { get; } = line;

    public override void WriteTo(StringBuilder sb) => sb.Append("{{continue}}");
}

/// <summary><c>{{template "name" pipeline}}</c>.</summary>
internal sealed class TemplateNode(int pos, int line, string name, PipeNode? pipe) : Node(pos)
{
    public int Line { get; } = line;

    public string Name { get; } = name;

    public PipeNode? Pipe { get; } = pipe;

    public override void WriteTo(StringBuilder sb)
    {
        sb.Append("{{template ").Append(GoStrconv.Quote(Name));
        if (Pipe is not null)
        {
            sb.Append(' ');
            Pipe.WriteTo(sb);
        }
        sb.Append("}}");
    }
}

/// <summary>A parsed template body: its name, the top-level name used in messages, and the source text.</summary>
internal sealed class Tree(string name, string parseName, string text)
{
    public string Name { get; set; } = name;

    public string ParseName { get; } = parseName;

    public string Text { get; } = text;

    public ListNode? Root { get; set; }

    /// <summary>Go's <c>ErrorContext</c>: "name:line:col" (col in UTF-8 bytes from the line start) and the node's text.</summary>
    public (string Location, string Context) ErrorContext(Node n)
    {
        int pos = Math.Min(n.Pos, Text.Length);
        string before = Text[..pos];
        int lastNewline = before.LastIndexOf('\n');
        int lineStart = lastNewline + 1;
        int byteNum = System.Text.Encoding.UTF8.GetByteCount(before.AsSpan(lineStart));
        int lineNum = 1;
        foreach (char c in before)
        {
            if (c == '\n')
            {
                lineNum++;
            }
        }
        return ($"{ParseName}:{lineNum}:{byteNum}", n.ToString());
    }
}
