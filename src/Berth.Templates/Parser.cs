using System.Globalization;
using System.Numerics;

namespace Berth.Templates;

/// <summary>Go's <c>text/template/parse</c> parser: builds <see cref="Tree"/>s, reports errors in Go's words.</summary>
internal sealed partial class Parser
{
    private readonly Tree _tree;
    private readonly Func<string, bool> _hasFunction;
    private readonly Dictionary<string, Tree> _treeSet;
    private readonly Lexer _lex;
    private readonly Item[] _token = new Item[3];
    private int _peekCount;
    private List<string> _vars = ["$"];
    private int _actionLine;
    private int _rangeDepth;

    private Parser(Tree tree, Lexer lex, Func<string, bool> hasFunction, Dictionary<string, Tree> treeSet)
    {
        _tree = tree;
        _lex = lex;
        _hasFunction = hasFunction;
        _treeSet = treeSet;
    }

    /// <summary>Parses <paramref name="text"/> as template <paramref name="name"/>, adding it and its definitions to <paramref name="treeSet"/>.</summary>
    public static void Parse(string name, string text, Func<string, bool> hasFunction, Dictionary<string, Tree> treeSet)
    {
        var lex = new Lexer(text, breakOk: !hasFunction("break"), continueOk: !hasFunction("continue"));
        var tree = new Tree(name, name, text);
        var parser = new Parser(tree, lex, hasFunction, treeSet);
        parser.ParseTop();
        parser.Add();
    }

    private Parser Child(Tree tree) => new(tree, _lex, _hasFunction, _treeSet)
    {
        _vars = ["$"],
    };

    // ---- token plumbing ----

    private Item Next()
    {
        if (_peekCount > 0)
        {
            _peekCount--;
        }
        else
        {
            _token[0] = _lex.NextItem();
        }
        return _token[_peekCount];
    }

    private void Backup() => _peekCount++;

    private void Backup2(Item t1)
    {
        _token[1] = t1;
        _peekCount = 2;
    }

    private void Backup3(Item t2, Item t1)
    {
        _token[1] = t1;
        _token[2] = t2;
        _peekCount = 3;
    }

    private Item Peek()
    {
        if (_peekCount > 0)
        {
            return _token[_peekCount - 1];
        }
        _peekCount = 1;
        _token[0] = _lex.NextItem();
        return _token[0];
    }

    private Item NextNonSpace()
    {
        Item token;
        do
        {
            token = Next();
        }
        while (token.Type == ItemType.Space);
        return token;
    }

    private Item PeekNonSpace()
    {
        var token = NextNonSpace();
        Backup();
        return token;
    }

    // ---- errors ----

    private TemplateException Error(string message)
    {
        _tree.Root = null;
        return new TemplateException($"template: {_tree.ParseName}:{_token[0].Line}: {message}");
    }

    private Item Expect(ItemType expected, string context)
    {
        var token = NextNonSpace();
        if (token.Type != expected)
        {
            throw Unexpected(token, context);
        }
        return token;
    }

    private Item ExpectOneOf(ItemType expected1, ItemType expected2, string context)
    {
        var token = NextNonSpace();
        if (token.Type != expected1 && token.Type != expected2)
        {
            throw Unexpected(token, context);
        }
        return token;
    }

    private TemplateException Unexpected(Item token, string context)
    {
        if (token.Type == ItemType.Error)
        {
            string extra = string.Empty;
            if (_actionLine != 0 && _actionLine != token.Line)
            {
                extra = $" in action started at {_tree.ParseName}:{_actionLine}";
                if (token.Val.EndsWith(" action", StringComparison.Ordinal))
                {
                    extra = extra[" in action".Length..];
                }
            }
            return Error(token.ToString() + extra);
        }
        return Error($"unexpected {token} in {context}");
    }

    // ---- tree set ----

    private void Add()
    {
        if (!_treeSet.TryGetValue(_tree.Name, out var existing) || IsEmptyTree(existing.Root))
        {
            _treeSet[_tree.Name] = _tree;
            return;
        }
        if (!IsEmptyTree(_tree.Root))
        {
            throw Error($"template: multiple definition of template {GoStrconv.Quote(_tree.Name)}");
        }
    }

    internal static bool IsEmptyTree(Node? n) => n switch
    {
        null => true,
        CommentNode => true,
        ListNode list => list.Nodes.TrueForAll(IsEmptyTree),
        TextNode text => string.IsNullOrEmpty(text.Text.Trim(' ', '\t', '\n', '\r', '\v', '\f', '\u0085', '\u00A0')),
        _ => false,
    };

    // ---- grammar ----

    private void ParseTop()
    {
        _tree.Root = new ListNode(Peek().Pos);
        while (Peek().Type != ItemType.Eof)
        {
            if (Peek().Type == ItemType.LeftDelim)
            {
                var delim = Next();
                if (NextNonSpace().Type == ItemType.Define)
                {
                    var child = Child(new Tree("definition", _tree.ParseName, _tree.Text));
                    child.ParseDefinition();
                    continue;
                }
                Backup2(delim);
            }
            var n = TextOrAction();
            if (n is EndNode or ElseNode)
            {
                throw Error($"unexpected {n}");
            }
            _tree.Root.Nodes.Add(n);
        }
    }

    private void ParseDefinition()
    {
        const string context = "define clause";
        var name = ExpectOneOf(ItemType.String, ItemType.RawString, context);
        _tree.Name = GoStrconv.Unquote(name.Val) ?? throw Error("invalid syntax");
        Expect(ItemType.RightDelim, context);
        var (list, end) = ItemList();
        _tree.Root = list;
        if (end is not EndNode)
        {
            throw Error($"unexpected {end} in {context}");
        }
        Add();
    }

    private (ListNode List, Node Next) ItemList()
    {
        var list = new ListNode(PeekNonSpace().Pos);
        while (PeekNonSpace().Type != ItemType.Eof)
        {
            var n = TextOrAction();
            if (n is EndNode or ElseNode)
            {
                return (list, n);
            }
            list.Nodes.Add(n);
        }
        throw Error("unexpected EOF");
    }

    private Node TextOrAction()
    {
        var token = NextNonSpace();
        switch (token.Type)
        {
            case ItemType.Text:
                return new TextNode(token.Pos, token.Val);
            case ItemType.LeftDelim:
                _actionLine = token.Line;
                try
                {
                    return Action();
                }
                finally
                {
                    _actionLine = 0;
                }
            case ItemType.Comment:
                return new CommentNode(token.Pos, token.Val);
            default:
                throw Unexpected(token, "input");
        }
    }

    private Node Action()
    {
        var token = NextNonSpace();
        switch (token.Type)
        {
            case ItemType.Block:
                return BlockControl();
            case ItemType.Break:
                return BreakControl(token.Pos, token.Line);
            case ItemType.Continue:
                return ContinueControl(token.Pos, token.Line);
            case ItemType.Else:
                return ElseControl();
            case ItemType.End:
                return EndControl();
            case ItemType.If:
                return BranchControl(BranchKind.If);
            case ItemType.Range:
                return BranchControl(BranchKind.Range);
            case ItemType.Template:
                return TemplateControl();
            case ItemType.With:
                return BranchControl(BranchKind.With);
        }
        Backup();
        var peek = Peek();
        return new ActionNode(peek.Pos, peek.Line, Pipeline("command", ItemType.RightDelim));
    }

    private BreakNode BreakControl(int pos, int line)
    {
        var token = NextNonSpace();
        if (token.Type != ItemType.RightDelim)
        {
            throw Unexpected(token, "{{break}}");
        }
        if (_rangeDepth == 0)
        {
            throw Error("{{break}} outside {{range}}");
        }
        return new BreakNode(pos, line);
    }

    private ContinueNode ContinueControl(int pos, int line)
    {
        var token = NextNonSpace();
        if (token.Type != ItemType.RightDelim)
        {
            throw Unexpected(token, "{{continue}}");
        }
        if (_rangeDepth == 0)
        {
            throw Error("{{continue}} outside {{range}}");
        }
        return new ContinueNode(pos, line);
    }

    private PipeNode Pipeline(string context, ItemType end)
    {
        var token = PeekNonSpace();
        var pipe = new PipeNode(token.Pos, token.Line);
    decls:
        var v = PeekNonSpace();
        if (v.Type == ItemType.Variable)
        {
            Next();
            var tokenAfterVariable = Peek();
            var next = PeekNonSpace();
            if (next.Type is ItemType.Assign or ItemType.Declare)
            {
                pipe.IsAssign = next.Type == ItemType.Assign;
                NextNonSpace();
                pipe.Decl.Add(new VariableNode(v.Pos, v.Val));
                _vars.Add(v.Val);
            }
            else if (next.Type == ItemType.Char && next.Val == ",")
            {
                NextNonSpace();
                pipe.Decl.Add(new VariableNode(v.Pos, v.Val));
                _vars.Add(v.Val);
                if (context == "range" && pipe.Decl.Count < 2)
                {
                    switch (PeekNonSpace().Type)
                    {
                        case ItemType.Variable or ItemType.RightDelim or ItemType.RightParen:
                            goto decls;
                        default:
                            throw Error("range can only initialize variables");
                    }
                }
                throw Error($"too many declarations in {context}");
            }
            else if (tokenAfterVariable.Type == ItemType.Space)
            {
                Backup3(v, tokenAfterVariable);
            }
            else
            {
                Backup2(v);
            }
        }
        while (true)
        {
            var t = NextNonSpace();
            if (t.Type == end)
            {
                CheckPipeline(pipe, context);
                return pipe;
            }
            switch (t.Type)
            {
                case ItemType.Bool or ItemType.CharConstant or ItemType.Complex or ItemType.Dot or ItemType.Field
                    or ItemType.Identifier or ItemType.Number or ItemType.Nil or ItemType.RawString or ItemType.String
                    or ItemType.Variable or ItemType.LeftParen:
                    Backup();
                    pipe.Cmds.Add(Command());
                    break;
                default:
                    throw Unexpected(t, context);
            }
        }
    }

    private void CheckPipeline(PipeNode pipe, string context)
    {
        if (pipe.Cmds.Count == 0)
        {
            throw Error($"missing value for {context}");
        }
        for (int i = 1; i < pipe.Cmds.Count; i++)
        {
            if (pipe.Cmds[i].Args[0] is BoolNode or DotNode or NilNode or NumberNode or StringNode)
            {
                throw Error($"non executable command in pipeline stage {i + 1}");
            }
        }
    }

    private BranchNode BranchControl(BranchKind kind)
    {
        string context = kind switch { BranchKind.If => "if", BranchKind.Range => "range", _ => "with" };
        int varsMark = _vars.Count;
        try
        {
            var pipe = Pipeline(context, ItemType.RightDelim);
            if (kind == BranchKind.Range)
            {
                _rangeDepth++;
            }
            var (list, next) = ItemList();
            if (kind == BranchKind.Range)
            {
                _rangeDepth--;
            }
            ListNode? elseList = null;
            if (next is ElseNode)
            {
                if (kind == BranchKind.If && Peek().Type == ItemType.If)
                {
                    Next();
                    elseList = new ListNode(next.Pos);
                    elseList.Nodes.Add(BranchControl(BranchKind.If));
                }
                else
                {
                    (elseList, next) = ItemList();
                    if (next is not EndNode)
                    {
                        throw Error($"expected end; found {next}");
                    }
                }
            }
            return new BranchNode(kind, pipe.Pos, pipe.Line, pipe, list, elseList);
        }
        finally
        {
            _vars.RemoveRange(varsMark, _vars.Count - varsMark);
        }
    }

    private EndNode EndControl() => new(Expect(ItemType.RightDelim, "end").Pos);

    private ElseNode ElseControl()
    {
        var peek = PeekNonSpace();
        if (peek.Type == ItemType.If)
        {
            return new ElseNode(peek.Pos, peek.Line);
        }
        var token = Expect(ItemType.RightDelim, "else");
        return new ElseNode(token.Pos, token.Line);
    }

    private TemplateNode BlockControl()
    {
        const string context = "block clause";
        var token = NextNonSpace();
        string name = ParseTemplateName(token, context);
        var pipe = Pipeline(context, ItemType.RightDelim);
        var block = Child(new Tree(name, _tree.ParseName, _tree.Text));
        var (list, end) = block.ItemList();
        block._tree.Root = list;
        if (end is not EndNode)
        {
            throw Error($"unexpected {end} in {context}");
        }
        block.Add();
        return new TemplateNode(token.Pos, token.Line, name, pipe);
    }

    private TemplateNode TemplateControl()
    {
        const string context = "template clause";
        var token = NextNonSpace();
        string name = ParseTemplateName(token, context);
        PipeNode? pipe = null;
        if (NextNonSpace().Type != ItemType.RightDelim)
        {
            Backup();
            pipe = Pipeline(context, ItemType.RightDelim);
        }
        return new TemplateNode(token.Pos, token.Line, name, pipe);
    }

    private string ParseTemplateName(Item token, string context)
    {
        if (token.Type is ItemType.String or ItemType.RawString)
        {
            return GoStrconv.Unquote(token.Val) ?? throw Error("invalid syntax");
        }
        throw Unexpected(token, context);
    }

    private CommandNode Command()
    {
        var cmd = new CommandNode(PeekNonSpace().Pos);
        while (true)
        {
            PeekNonSpace();
            var operand = Operand();
            if (operand is not null)
            {
                cmd.Args.Add(operand);
            }
            var token = Next();
            if (token.Type == ItemType.Space)
            {
                continue;
            }
            if (token.Type is ItemType.RightDelim or ItemType.RightParen)
            {
                Backup();
            }
            else if (token.Type != ItemType.Pipe)
            {
                throw Unexpected(token, "operand");
            }
            break;
        }
        if (cmd.Args.Count == 0)
        {
            throw Error("empty command");
        }
        return cmd;
    }

    private Node? Operand()
    {
        var node = Term();
        if (node is null)
        {
            return null;
        }
        if (Peek().Type == ItemType.Field)
        {
            var chain = new ChainNode(Peek().Pos, node);
            while (Peek().Type == ItemType.Field)
            {
                chain.Add(Next().Val);
            }
            switch (node)
            {
                case FieldNode:
                    node = new FieldNode(chain.Pos, chain.ToString());
                    break;
                case VariableNode:
                    node = new VariableNode(chain.Pos, chain.ToString());
                    break;
                case BoolNode or StringNode or NumberNode or NilNode or DotNode:
                    throw Error($"unexpected . after term {GoStrconv.Quote(node.ToString())}");
                default:
                    node = chain;
                    break;
            }
        }
        return node;
    }

    private Node? Term()
    {
        var token = NextNonSpace();
        switch (token.Type)
        {
            case ItemType.Identifier:
                if (!_hasFunction(token.Val))
                {
                    throw Error($"function {GoStrconv.Quote(token.Val)} not defined");
                }
                return new IdentifierNode(token.Pos, token.Val);
            case ItemType.Dot:
                return new DotNode(token.Pos);
            case ItemType.Nil:
                return new NilNode(token.Pos);
            case ItemType.Variable:
                return UseVar(token.Pos, token.Val);
            case ItemType.Field:
                return new FieldNode(token.Pos, token.Val);
            case ItemType.Bool:
                return new BoolNode(token.Pos, token.Val == "true");
            case ItemType.CharConstant or ItemType.Complex or ItemType.Number:
                return NewNumber(token.Pos, token.Val, token.Type);
            case ItemType.LeftParen:
                return Pipeline("parenthesized pipeline", ItemType.RightParen);
            case ItemType.String or ItemType.RawString:
                {
                    string s = GoStrconv.Unquote(token.Val) ?? throw Error("invalid syntax");
                    return new StringNode(token.Pos, token.Val, s);
                }
        }
        Backup();
        return null;
    }

    private VariableNode UseVar(int pos, string name)
    {
        var v = new VariableNode(pos, name);
        if (_vars.Contains(v.Ident[0]))
        {
            return v;
        }
        throw Error($"undefined variable {GoStrconv.Quote(v.Ident[0])}");
    }
}
