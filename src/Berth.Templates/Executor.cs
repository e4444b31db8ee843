using System.Text;

namespace Berth.Templates;

/// <summary>One execution of a template (Go's <c>text/template</c> <c>state</c>): walks the tree, evaluates pipelines,
/// writes output as it goes, and reports errors in Go's words.</summary>
internal sealed partial class Executor
{
    private const int MaxExecDepth = 100000;

    /// <summary>Go's <c>missingVal</c>: "no final argument from a preceding pipeline stage".</summary>
    private static readonly object Missing = new();

    private readonly GoTemplate _template;
    private readonly TextWriter _wr;
    private readonly List<KeyValuePair<string, object?>> _vars;
    private readonly StringBuilder _scratch;
    private readonly GoPrinter _printer;
    private Tree _tree;
    private Node? _node;
    private int _depth;

    private enum Flow
    {
        Normal,
        Break,
        Continue,
    }

    public Executor(GoTemplate template, Tree tree, TextWriter wr, StringBuilder scratch)
    {
        _template = template;
        _tree = tree;
        _wr = wr;
        _scratch = scratch;
        _printer = new GoPrinter(scratch);
        _vars = new List<KeyValuePair<string, object?>>(8);
    }

    public void Execute(object? data)
    {
        object? value = data ?? NoValue.Instance;
        _vars.Clear();
        _vars.Add(new KeyValuePair<string, object?>("$", value));
        if (_tree.Root is null)
        {
            throw Errorf($"{GoStrconv.Quote(_tree.Name)} is an incomplete or empty template");
        }
        Walk(value, _tree.Root);
    }

    // ---- errors ----

    private TemplateException Errorf(string message)
    {
        string name = _tree.Name;
        if (_node is null)
        {
            return new TemplateException($"template: {name}: {message}");
        }
        var (location, context) = _tree.ErrorContext(_node);
        return new TemplateException($"template: {location}: executing {GoStrconv.Quote(name)} at <{context}>: {message}");
    }

    private void At(Node node) => _node = node;

    // ---- variables ----

    private int Mark() => _vars.Count;

    private void Pop(int mark)
    {
        if (_vars.Count > mark)
        {
            _vars.RemoveRange(mark, _vars.Count - mark);
        }
    }

    private void Push(string name, object? value) => _vars.Add(new KeyValuePair<string, object?>(name, value));

    private void SetVar(string name, object? value)
    {
        for (int i = _vars.Count - 1; i >= 0; i--)
        {
            if (_vars[i].Key == name)
            {
                _vars[i] = new KeyValuePair<string, object?>(name, value);
                return;
            }
        }
        throw Errorf($"undefined variable: {name}");
    }

    private void SetTopVar(int n, object? value)
    {
        int i = _vars.Count - n;
        _vars[i] = new KeyValuePair<string, object?>(_vars[i].Key, value);
    }

    private object? VarValue(string name)
    {
        for (int i = _vars.Count - 1; i >= 0; i--)
        {
            if (_vars[i].Key == name)
            {
                return _vars[i].Value;
            }
        }
        throw Errorf($"undefined variable: {name}");
    }

    // ---- walking ----

    private Flow Walk(object? dot, Node node)
    {
        At(node);
        switch (node)
        {
            case ActionNode action:
                {
                    object? val = EvalPipeline(dot, action.Pipe);
                    if (action.Pipe.Decl.Count == 0)
                    {
                        PrintValue(action, val);
                    }
                    return Flow.Normal;
                }
            case BreakNode:
                return Flow.Break;
            case ContinueNode:
                return Flow.Continue;
            case CommentNode:
                return Flow.Normal;
            case BranchNode branch:
                return branch.Kind == BranchKind.Range ? WalkRange(dot, branch) : WalkIfOrWith(branch, dot);
            case ListNode list:
                foreach (var n in list.Nodes)
                {
                    var flow = Walk(dot, n);
                    if (flow != Flow.Normal)
                    {
                        return flow;
                    }
                }
                return Flow.Normal;
            case TemplateNode t:
                WalkTemplate(dot, t);
                return Flow.Normal;
            case TextNode text:
                _wr.Write(text.Text);
                return Flow.Normal;
            default:
                throw Errorf($"unknown node: {node}");
        }
    }

    private Flow WalkIfOrWith(BranchNode branch, object? dot)
    {
        int mark = Mark();
        try
        {
            object? val = EvalPipeline(dot, branch.Pipe);
            bool truth = GoValues.IsTrue(val, out bool ok);
            if (!ok)
            {
                throw Errorf($"if/with can't use {FormatV(val)}");
            }
            if (truth)
            {
                return Walk(branch.Kind == BranchKind.With ? val : dot, branch.List);
            }
            if (branch.ElseList is not null)
            {
                return Walk(dot, branch.ElseList);
            }
            return Flow.Normal;
        }
        finally
        {
            Pop(mark);
        }
    }

    private Flow WalkRange(object? dot, BranchNode r)
    {
        At(r);
        int outerMark = Mark();
        try
        {
            object? val = Indirect(EvalPipeline(dot, r.Pipe), out _);
            int mark = Mark();
            int declCount = r.Pipe.Decl.Count;
            bool iterated = false;
            switch (GoValues.KindOf(val))
            {
                case GoKind.Slice:
                    if (val is GoTypedNil)
                    {
                        break;
                    }
                    {
                        bool ifaceElems = GoValues.HasInterfaceElements(val!);
                        int index = 0;
                        foreach (var item in (System.Collections.IEnumerable)val!)
                        {
                            iterated = true;
                            object? elem = ifaceElems ? new GoInterface(item) : item;
                            if (OneIteration(index, elem, declCount, mark, r.List) == Flow.Break)
                            {
                                break;
                            }
                            index++;
                        }
                    }
                    break;
                case GoKind.Map:
                    {
                        if (val is GoTypedNil)
                        {
                            break;
                        }
                        bool ifaceElems = GoValues.HasInterfaceElements(val!);
                        foreach (var entry in GoMaps.SortedEntries(val!))
                        {
                            iterated = true;
                            object? elem = ifaceElems ? new GoInterface(entry.Value) : entry.Value;
                            if (OneIteration(entry.Key, elem, declCount, mark, r.List) == Flow.Break)
                            {
                                break;
                            }
                        }
                    }
                    break;
                case GoKind.Invalid:
                    break;
                default:
                    throw Errorf($"range can't iterate over {FormatTemplateValue(val)}");
            }
            if (!iterated && r.ElseList is not null)
            {
                return Walk(dot, r.ElseList);
            }
            return Flow.Normal;
        }
        finally
        {
            Pop(outerMark);
        }
    }

    private Flow OneIteration(object index, object? elem, int declCount, int mark, ListNode list)
    {
        if (declCount > 0)
        {
            SetTopVar(1, elem);
        }
        if (declCount > 1)
        {
            SetTopVar(2, index);
        }
        try
        {
            var flow = Walk(elem, list);
            return flow == Flow.Break ? Flow.Break : Flow.Normal;
        }
        finally
        {
            Pop(mark);
        }
    }

    private void WalkTemplate(object? dot, TemplateNode t)
    {
        At(t);
        if (!_template.TryGetTree(t.Name, out var tree) || tree.Root is null)
        {
            throw Errorf($"template {GoStrconv.Quote(t.Name)} not defined");
        }
        if (_depth == MaxExecDepth)
        {
            throw Errorf($"exceeded maximum template depth ({MaxExecDepth})");
        }
        dot = EvalPipeline(dot, t.Pipe);
        var savedTree = _tree;
        var savedVars = _vars.ToArray();
        _depth++;
        _tree = tree;
        _vars.Clear();
        _vars.Add(new KeyValuePair<string, object?>("$", dot));
        try
        {
            Walk(dot, tree.Root);
        }
        finally
        {
            _depth--;
            _tree = savedTree;
            _vars.Clear();
            _vars.AddRange(savedVars);
        }
    }

    // ---- pipelines and commands ----

    private object? EvalPipeline(object? dot, PipeNode? pipe)
    {
        if (pipe is null)
        {
            return NoValue.Instance;
        }
        At(pipe);
        object? value = Missing;
        foreach (var cmd in pipe.Cmds)
        {
            value = EvalCommand(dot, cmd, value);
            value = GoValues.PipelineResult(value);
        }
        foreach (var variable in pipe.Decl)
        {
            if (pipe.IsAssign)
            {
                SetVar(variable.Ident[0], value);
            }
            else
            {
                Push(variable.Ident[0], value);
            }
        }
        return value;
    }

    private void NotAFunction(List<Node> args, object? final)
    {
        if (args.Count > 1 || !ReferenceEquals(final, Missing))
        {
            throw Errorf($"can't give argument to non-function {args[0]}");
        }
    }

    private object? EvalCommand(object? dot, CommandNode cmd, object? final)
    {
        var firstWord = cmd.Args[0];
        switch (firstWord)
        {
            case FieldNode field:
                return EvalFieldNode(dot, field, cmd.Args, final);
            case ChainNode chain:
                return EvalChainNode(dot, chain, cmd.Args, final);
            case IdentifierNode ident:
                return EvalFunction(dot, ident, cmd, cmd.Args, final);
            case PipeNode pipe:
                NotAFunction(cmd.Args, final);
                return EvalPipeline(dot, pipe);
            case VariableNode variable:
                return EvalVariableNode(dot, variable, cmd.Args, final);
        }
        At(firstWord);
        NotAFunction(cmd.Args, final);
        switch (firstWord)
        {
            case BoolNode b:
                return b.True;
            case DotNode:
                return dot;
            case NilNode:
                throw Errorf("nil is not a command");
            case NumberNode number:
                return IdealConstant(number);
            case StringNode s:
                return s.Text;
        }
        throw Errorf($"can't evaluate command {GoStrconv.Quote(firstWord.ToString())}");
    }

    private object? IdealConstant(NumberNode constant)
    {
        At(constant);
        return constant.Boxed ??= ComputeIdealConstant(constant);
    }

    private object? ComputeIdealConstant(NumberNode constant)
    {
        if (constant.IsComplex)
        {
            return constant.Complex;
        }
        if (constant.IsFloat && !IsHexInt(constant.Text) && !IsRuneInt(constant.Text) && constant.Text.IndexOfAny(['.', 'e', 'E', 'p', 'P']) >= 0)
        {
            return constant.Float64;
        }
        if (constant.IsInt)
        {
            long n = constant.Int64;
            return n is >= int.MinValue and <= int.MaxValue ? (object)(int)n : n;
        }
        if (constant.IsUint)
        {
            throw Errorf($"{constant.Text} overflows int");
        }
        return NoValue.Instance;
    }

    private static bool IsRuneInt(string s) => s.Length > 0 && s[0] == '\'';

    private static bool IsHexInt(string s) =>
        s.Length > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X') && s.IndexOfAny(['p', 'P']) < 0;

    private object? EvalFieldNode(object? dot, FieldNode field, List<Node>? args, object? final)
    {
        At(field);
        return EvalFieldChain(dot, dot, field, field.Ident, 0, args, final);
    }

    private object? EvalChainNode(object? dot, ChainNode chain, List<Node>? args, object? final)
    {
        At(chain);
        if (chain.Field.Count == 0)
        {
            throw Errorf("internal error: no fields in evalChainNode");
        }
        if (chain.Node is NilNode)
        {
            throw Errorf($"indirection through explicit nil in {chain}");
        }
        object? pipe = EvalArg(dot, null, chain.Node);
        var fields = chain.Field.ToArray();
        return EvalFieldChain(dot, pipe, chain, fields, 0, args, final);
    }

    private object? EvalVariableNode(object? dot, VariableNode variable, List<Node>? args, object? final)
    {
        At(variable);
        object? value = VarValue(variable.Ident[0]);
        if (variable.Ident.Length == 1)
        {
            NotAFunction(args ?? [variable], final);
            return value;
        }
        return EvalFieldChain(dot, value, variable, variable.Ident, 1, args, final);
    }

    private object? EvalFieldChain(object? dot, object? receiver, Node node, string[] ident, int start, List<Node>? args, object? final)
    {
        int n = ident.Length;
        for (int i = start; i < n - 1; i++)
        {
            receiver = EvalField(dot, ident[i], node, null, Missing, receiver);
        }
        return EvalField(dot, ident[n - 1], node, args, final, receiver);
    }

    private object? EvalFunction(object? dot, IdentifierNode node, Node cmd, List<Node>? args, object? final)
    {
        At(node);
        string name = node.Ident;
        if (!_template.TryGetFunction(name, out var function, out bool isBuiltin))
        {
            throw Errorf($"{GoStrconv.Quote(name)} is not a defined function");
        }
        return EvalCall(dot, function.Parameters, function.IsVariadic, function, null, null, isBuiltin, cmd, name, args, final);
    }

    // ---- printing ----

    private void PrintValue(Node n, object? v)
    {
        At(n);
        switch (v)
        {
            case string s:
                _wr.Write(s);
                return;
            case NoValue:
                _wr.Write("<no value>");
                return;
            case TemplateFunction:
                throw Errorf($"can't print {n} of type {GoValues.TypeName(v)}");
        }
        _scratch.Clear();
        _printer.PrintTemplateValue(v);
        foreach (var chunk in _scratch.GetChunks())
        {
            _wr.Write(chunk.Span);
        }
    }

    /// <summary>A value as a template action prints it (one pointer level stripped).</summary>
    private static string FormatTemplateValue(object? v)
    {
        var sb = new StringBuilder();
        new GoPrinter(sb).PrintTemplateValue(v);
        return sb.ToString();
    }

    private static string FormatV(object? v)
    {
        if (v is NoValue)
        {
            return "<invalid reflect.Value>";
        }
        var sb = new StringBuilder();
        new GoPrinter(sb).PrintArg(GoValues.Concrete(v), 'v');
        return sb.ToString();
    }

    /// <summary>Go's <c>indirect</c>: through interfaces and nil pointers; isNil when a nil pointer or interface is reached.</summary>
    private static object? Indirect(object? v, out bool isNil)
    {
        isNil = false;
        switch (v)
        {
            case null:
                isNil = true;
                return null;
            case GoInterface slot:
                if (slot.Value is null)
                {
                    isNil = true;
                    return null;
                }
                return Indirect(slot.Value, out isNil);
            case GoTypedNil n when n.IsPointer:
                isNil = true;
                return v;
            case GoPointer p:
                return Indirect(p.Target, out isNil);
        }
        return v;
    }
}
