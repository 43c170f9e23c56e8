"""The source-to-source conversion: a function's AST rewritten so its control flow can become graph ops.

Four passes run over each function body, in this order:

1. **returns**: a `return` nested in `if`/`while`/`for` becomes `do_return = True; retval_ = value`,
   and the statements after it run under `if not do_return:` (or move into the `else` of an
   `if` whose body always returns), so that both branches of a tensor `if` produce values;
2. **break / continue**: become flags (`break_1`, `continue_1`) that guard the rest of the loop
   body and stop the loop;
3. **expressions**: `and`/`or`/`not` become `ag__.and_`/`or_`/`not_` (lazy, as in Python),
   calls become `ag__.converted_call(f, args, kwargs)` (which converts user functions in turn),
   `assert` becomes `ag__.assert_stmt`, and `items.append(x)` becomes
   `items = ag__.list_append(items, x)`;
4. **control flow**: each `if`/`while`/`for` becomes nested functions of the variables it
   changes plus one `ag__.if_stmt` / `while_stmt` / `for_stmt` call, which runs Python
   control flow on Python values and `tf.cond` / `tf.while_loop` on tensors.

Generated statements keep the line numbers of the statements they come from, and the code
is compiled under the user's file name, so tracebacks point at the user's lines.
"""
import ast
import itertools

__all__ = ["convert_function_def", "ConversionError"]

AG = "ag__"


class ConversionError(SyntaxError):
    """A construct AutoGraph cannot convert, located at the user's line."""


def _ag(attr):
    return ast.Attribute(ast.Name(AG, ast.Load()), attr, ast.Load())


def _call(attr, *args):
    return ast.Call(_ag(attr), list(args), [])


def _name(name, store=False):
    return ast.Name(name, ast.Store() if store else ast.Load())


def _names_tuple(names, store=False):
    return ast.Tuple([_name(n, store) for n in names], ast.Store() if store else ast.Load())


def _strings(names):
    return ast.Tuple([ast.Constant(n) for n in names], ast.Load())


def _assign(name, value):
    return ast.Assign([_name(name, True)], value)


def _place(node, origin):
    """Gives a generated node the position of the first line of `origin`."""
    if node is origin:
        return
    node.lineno, node.col_offset = origin.lineno, origin.col_offset
    node.end_lineno = origin.lineno
    node.end_col_offset = origin.end_col_offset if origin.end_lineno == origin.lineno else origin.col_offset + 1


def _at(node, origin):
    """A generated expression or statement replacing `origin`, placed (with its new parts) where `origin` was.

    (Python reports a call's position from its function's attribute: `ag__.converted_call` must
    carry the user's position too.)"""
    return _located([ast.copy_location(node, origin)], origin)[0]


def _located(nodes, origin):
    """`nodes` (and their unplaced children) placed at `origin`'s line: errors point at the user's line."""
    for node in nodes:
        _place(node, origin)
        for child in ast.walk(node):
            if getattr(child, "lineno", None) is None and isinstance(child, (ast.expr, ast.stmt)):
                _place(child, origin)
    return nodes


def _lambda(body):
    return ast.Lambda(ast.arguments([], [], None, [], [], None, []), body)


# --- analysis ----------------------------------------------------------------------------------
def _walk_scope(nodes):
    """Nodes of these statements in source order, not descending into nested functions, lambdas or classes."""
    for node in nodes:
        yield node
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)):
            continue   # the definition binds its name; its body is another scope
        yield from _walk_scope(ast.iter_child_nodes(node))


def assigned_names(stmts, generated=()):
    """Names these statements bind (in order of first appearance), generated helpers excluded."""
    found = {}
    for node in _walk_scope(stmts):
        if isinstance(node, ast.Name) and isinstance(node.ctx, (ast.Store, ast.Del)):
            found.setdefault(node.id)
        elif isinstance(node, (ast.FunctionDef, ast.ClassDef)) and node.name not in generated:
            found.setdefault(node.name)
    return [n for n in found if n not in generated and not n.startswith(AG)]


def _contains(stmts, kinds, into_loops=True):
    for stmt in stmts:
        stack = [stmt]
        while stack:
            node = stack.pop()
            if isinstance(node, kinds):
                return True
            for child in ast.iter_child_nodes(node):
                if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)):
                    continue
                if not into_loops and isinstance(child, (ast.For, ast.While)):
                    continue
                stack.append(child)
    return False


def _always_returns(stmts):
    if not stmts:
        return False
    last = stmts[-1]
    if isinstance(last, (ast.Return, ast.Raise)):
        return True
    if isinstance(last, ast.If):
        return _always_returns(last.body) and _always_returns(last.orelse)
    return False


def _check_supported(fn_node, filename):
    """Constructs with no graph equivalent: a clear error at the user's line."""
    for node in _walk_scope(fn_node.body):
        if isinstance(node, (ast.Yield, ast.YieldFrom)):
            raise ConversionError(
                f"{filename}:{node.lineno}: AutoGraph cannot convert the generator function "
                f"{fn_node.name!r} (`yield` on this line): a graph cannot pause and resume. Return a "
                "tensor (or a tf.TensorArray / list of tensors) instead, or decorate the function with "
                "@tf.autograph.experimental.do_not_convert to run it as plain Python while tracing.",
                (filename, node.lineno, node.col_offset + 1, None))


# --- pass 1: returns ----------------------------------------------------------------------------
class _Returns:
    """Rewrites nested returns into `do_return` / `retval_` assignments."""

    def __init__(self):
        self.used = False

    def block(self, stmts, in_loop):
        out = []
        for i, stmt in enumerate(stmts):
            rest = stmts[i + 1:]
            if isinstance(stmt, ast.Return):
                self.used = True
                value = stmt.value if stmt.value is not None else ast.Constant(None)
                out += _located([_assign("do_return", ast.Constant(True)), _assign("retval_", value)], stmt)
                if in_loop:
                    out += _located([ast.Break()], stmt)
                return out
            if not _contains([stmt], ast.Return):
                out.append(stmt)
                continue
            if isinstance(stmt, ast.If):
                body_returns, else_returns = _always_returns(stmt.body), _always_returns(stmt.orelse)
                if body_returns and not else_returns:   # the rest belongs to the else branch
                    stmt.orelse, rest = stmt.orelse + rest, []
                elif else_returns and not body_returns:
                    stmt.body, rest = stmt.body + rest, []
                stmt.body = self.block(stmt.body, in_loop) or [ast.Pass()]
                stmt.orelse = self.block(stmt.orelse, in_loop)
            elif isinstance(stmt, (ast.While, ast.For)):
                stmt.body = self.block(stmt.body, True)
            elif isinstance(stmt, (ast.With, ast.Try)):
                for field in ("body", "orelse", "finalbody"):
                    if hasattr(stmt, field):
                        setattr(stmt, field, self.block(getattr(stmt, field), in_loop))
                for handler in getattr(stmt, "handlers", ()):
                    handler.body = self.block(handler.body, in_loop)
            out.append(stmt)
            if rest:
                if in_loop:   # leave the loop too, and skip the rest of this iteration
                    out += _located([ast.If(_name("do_return"), [ast.Break()], [])], stmt)
                    out += self.block(rest, in_loop)
                else:
                    guarded = ast.If(ast.UnaryOp(ast.Not(), _name("do_return")), self.block(rest, in_loop), [])
                    out += _located([guarded], rest[0])
            return out
        return out

    def function(self, fn):
        if not any(_contains([s], ast.Return) for s in fn.body if not isinstance(s, ast.Return)):
            return
        body = self.block(fn.body, False)
        if not self.used:
            return
        first = fn.body[0]
        fn.body = _located([_assign("do_return", ast.Constant(False)),
                            _assign("retval_", _call("UndefinedReturnValue"))], first) + body + \
            _located([ast.Return(_call("retval", _name("retval_")))], fn.body[-1])


# --- pass 2: break and continue ----------------------------------------------------------------------
class _Jumps:
    """Rewrites `break` / `continue` into flags guarding the rest of the loop body."""

    def __init__(self, counter):
        self.counter = counter

    def loops(self, stmts):
        for node in _walk_scope(stmts):
            if isinstance(node, (ast.While, ast.For)) and not node.orelse:
                self.loop(node)

    def loop(self, node):
        self.loops(node.body)   # inner loops first: their jumps are theirs
        if _contains(node.body, ast.Continue, into_loops=False):
            flag = f"continue_{next(self.counter)}"
            node.body = _located([_assign(flag, ast.Constant(False))], node.body[0]) + \
                self.block(node.body, ast.Continue, flag)
        if _contains(node.body, ast.Break, into_loops=False):
            flag = f"break_{next(self.counter)}"
            node.body = self.block(node.body, ast.Break, flag)
            node.ag_break = flag
            return [flag]
        return []

    def block(self, stmts, kind, flag):
        out = []
        for i, stmt in enumerate(stmts):
            if isinstance(stmt, kind):
                out += _located([_assign(flag, ast.Constant(True))], stmt)
                return out
            if isinstance(stmt, (ast.While, ast.For)) or not _contains([stmt], kind, into_loops=False):
                out.append(stmt)
                continue
            for field in ("body", "orelse", "finalbody"):
                if hasattr(stmt, field) and not (isinstance(stmt, (ast.While, ast.For)) and field == "body"):
                    setattr(stmt, field, self.block(getattr(stmt, field), kind, flag) or
                            ([ast.Pass()] if field == "body" else []))
            for handler in getattr(stmt, "handlers", ()):
                handler.body = self.block(handler.body, kind, flag)
            out.append(stmt)
            rest = stmts[i + 1:]
            if rest:
                out += _located([ast.If(ast.UnaryOp(ast.Not(), _name(flag)), self.block(rest, kind, flag), [])],
                                rest[0])
            return out
        return out


# --- pass 3: expressions ---------------------------------------------------------------------------
class _Expressions(ast.NodeTransformer):
    """Lazy boolean operators, converted calls, assert and list append."""

    def __init__(self, first_arg, local_names):
        self.first_arg = first_arg
        self.local_names = local_names   # only local lists become TensorArrays (not closures' lists)

    def visit_FunctionDef(self, node):
        return node   # nested functions are converted on their own (by _ControlFlow)

    visit_AsyncFunctionDef = visit_ClassDef = visit_FunctionDef

    def visit_BoolOp(self, node):
        self.generic_visit(node)
        return _at(_call("and_" if isinstance(node.op, ast.And) else "or_", *[_lambda(v) for v in node.values]),
                   node)

    def visit_UnaryOp(self, node):
        self.generic_visit(node)
        if isinstance(node.op, ast.Not):
            return _at(_call("not_", node.operand), node)
        return node

    def visit_Call(self, node):
        self.generic_visit(node)
        func = node.func
        if isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name) and func.value.id == AG:
            return node
        if isinstance(func, ast.Name) and func.id == "super" and not node.args and self.first_arg:
            node.args = [_name("__class__"), _name(self.first_arg)]   # zero-argument super() needs its cell
            return node
        args = ast.Tuple(node.args, ast.Load())
        keywords = [k for k in node.keywords]
        kwargs = ast.Dict([None if k.arg is None else ast.Constant(k.arg) for k in keywords],
                          [k.value for k in keywords]) if keywords else ast.Constant(None)
        return _at(_call("converted_call", func, args, kwargs), node)

    def visit_Assert(self, node):
        self.generic_visit(node)
        message = _lambda(node.msg) if node.msg is not None else ast.Constant(None)
        return _at(ast.Expr(_call("assert_stmt", node.test, message)), node)

    def visit_Expr(self, node):
        value = node.value
        if isinstance(value, ast.Call) and isinstance(value.func, ast.Attribute) and value.func.attr == "append" \
                and isinstance(value.func.value, ast.Name) and len(value.args) == 1 and not value.keywords \
                and value.func.value.id in self.local_names:
            target = value.func.value.id
            item = self.visit(value.args[0])
            return _at(_assign(target, _call("list_append", _name(target), item)), node)
        self.generic_visit(node)
        return node


# --- pass 4: control flow ---------------------------------------------------------------------------
class _ControlFlow:
    """Turns if/while/for into nested functions of their state plus an `ag__.*_stmt` call."""

    def __init__(self, counter, declared, in_try=False):
        self.counter = counter
        self.declared = declared   # names declared global/nonlocal: not state
        self.generated = set()
        self.state_names = []      # names that need `ag__.Undefined` before first use
        self.in_try = in_try

    def block(self, stmts):
        out = []
        for stmt in stmts:
            out += self.statement(stmt)
        return out

    def statement(self, stmt):
        if isinstance(stmt, ast.If):
            return self.if_(stmt)
        if isinstance(stmt, ast.While) and not stmt.orelse:
            return self.while_(stmt)
        if isinstance(stmt, ast.For) and not stmt.orelse:
            return self.for_(stmt)
        if isinstance(stmt, ast.FunctionDef):
            if not _contains(stmt.body, (ast.Yield, ast.YieldFrom)):   # nested generators stay Python
                convert_body(stmt, self.counter)
            return [stmt]
        if isinstance(stmt, ast.Try):
            inner = _ControlFlow(self.counter, self.declared, in_try=True)
            inner.generated = self.generated
            stmt.body = inner.block(stmt.body)
            for handler in stmt.handlers:
                handler.body = self.block(handler.body)
            stmt.orelse, stmt.finalbody = self.block(stmt.orelse), self.block(stmt.finalbody)
            self.state_names += inner.state_names
            return [stmt]
        for field in ("body", "orelse", "finalbody"):
            if isinstance(getattr(stmt, field, None), list) and not isinstance(stmt, (ast.ClassDef,)):
                setattr(stmt, field, self.block(getattr(stmt, field)))
        return [stmt]

    def _state(self, stmts, extra=()):
        names = [n for n in assigned_names(stmts, self.generated) if n not in self.declared]
        names += [n for n in extra if n not in names]
        self.state_names += [n for n in names if n not in self.state_names]
        return names

    def _function(self, base, params, body, returns, origin):
        name = f"{base}_{next(self.counter)}"
        self.generated.add(name)
        assigned = set(assigned_names(body))
        declarations = [kind(sorted(n for n in assigned if self.declared.get(n) is kind))
                        for kind in (ast.Global, ast.Nonlocal) if any(self.declared.get(n) is kind for n in assigned)]
        result = [ast.Return(returns)] if returns is not None else []
        fn = ast.FunctionDef(name, ast.arguments([], [ast.arg(p) for p in params], None, [], [], None, []),
                             declarations + body + result, [], None)
        if hasattr(ast.FunctionDef, "type_params") or "type_params" in ast.FunctionDef._fields:
            fn.type_params = []
        return name, _located([fn], origin)[0]

    def _options(self):
        return [ast.keyword("in_try", ast.Constant(True))] if self.in_try else []

    def if_(self, node):
        node.body, node.orelse = self.block(node.body), self.block(node.orelse)
        names = self._state(node.body + node.orelse)
        true_name, true_fn = self._function("if_true", names, node.body or [ast.Pass()], _names_tuple(names), node)
        false_name, false_fn = self._function("if_false", names, node.orelse or [ast.Pass()], _names_tuple(names),
                                              node.orelse[0] if node.orelse else node)
        call = _call("if_stmt", node.test, _name(true_name), _name(false_name), _names_tuple(names),
                     _strings(names))
        call.keywords = self._options()
        return _located([true_fn, false_fn, ast.Assign([_names_tuple(names, True)], call)], node)

    def _break_flag(self, node):
        flag = getattr(node, "ag_break", None)
        return _located([_assign(flag, ast.Constant(False))], node) if flag else []

    def while_(self, node):
        node.body = self.block(node.body)
        names = self._state(node.body)
        test_name, test_fn = self._function("loop_test", names, [], node.test, node)
        body_name, body_fn = self._function("loop_body", names, node.body, _names_tuple(names), node.body[0])
        call = _call("while_stmt", _name(test_name), _name(body_name), _names_tuple(names), _strings(names))
        call.keywords = self._options()
        return self._break_flag(node) + _located([test_fn, body_fn, ast.Assign([_names_tuple(names, True)], call)],
                                                 node)

    def for_(self, node):
        node.body = self.block(node.body)
        targets = assigned_names([ast.Assign([node.target], ast.Constant(None))])
        names = self._state(node.body, targets)
        iterate = f"itr_{next(self.counter)}"
        body = _located([ast.Assign([node.target], _name(iterate))], node) + node.body
        body_name, body_fn = self._function("loop_body", [iterate] + names, body, _names_tuple(names), node.body[0])
        out = [body_fn]
        extra = ast.Constant(None)
        flag = getattr(node, "ag_break", None)
        if flag is not None:
            test_name, test_fn = self._function("extra_test", names, [], _call("not_", _name(flag)), node)
            out.append(test_fn)
            extra = _name(test_name)
        iterable = node.iter
        if isinstance(iterable, ast.Call) and isinstance(iterable.func, ast.Attribute) and \
                iterable.func.attr == "converted_call":
            iterable.keywords = [ast.keyword("iterated", ast.Constant(True))]
        call = _call("for_stmt", iterable, extra, _name(body_name), _names_tuple(names), _strings(names))
        call.keywords = self._options()
        out.append(ast.Assign([_names_tuple(names, True)], call))
        return self._break_flag(node) + _located(out, node)


def _declared(fn):
    """{name: ast.Global or ast.Nonlocal} for the names `fn` declares global/nonlocal."""
    names = {}
    for node in _walk_scope(fn.body):
        if isinstance(node, (ast.Global, ast.Nonlocal)):
            names.update((n, type(node)) for n in node.names)
    return names


def convert_body(fn, counter):
    """Converts `fn` (an ast.FunctionDef) in place."""
    _Returns().function(fn)
    jumps = _Jumps(counter)
    jumps.loops(fn.body)
    for node in _walk_scope(fn.body):   # while loops stop when their break flag is set
        flag = getattr(node, "ag_break", None)
        if isinstance(node, ast.While) and flag is not None:
            node.test = _located([ast.BoolOp(ast.And(), [ast.UnaryOp(ast.Not(), _name(flag)), node.test])],
                                 node.test)[0]
    first_arg = fn.args.args[0].arg if fn.args.args else None
    params = {a.arg for a in fn.args.args + fn.args.kwonlyargs + fn.args.posonlyargs}
    params |= {a.arg for a in (fn.args.vararg, fn.args.kwarg) if a is not None}
    declared = _declared(fn)
    expressions = _Expressions(first_arg, (params | set(assigned_names(fn.body))) - set(declared))
    fn.body = [expressions.visit(stmt) for stmt in fn.body]
    compound = (ast.If, ast.While, ast.For, ast.Try, ast.With, ast.FunctionDef, ast.ClassDef)
    first = next((i for i, stmt in enumerate(fn.body) if isinstance(stmt, compound)), len(fn.body))
    defined = params | set(assigned_names(fn.body[:first]))   # assigned before any converted statement
    flow = _ControlFlow(counter, declared)
    body = flow.block(fn.body)
    undefined = [n for n in flow.state_names if n not in defined]
    docstring = body[:1] if body and isinstance(body[0], ast.Expr) and \
        isinstance(body[0].value, ast.Constant) and isinstance(body[0].value.value, str) else []
    inits = _located([_assign(n, _call("Undefined", ast.Constant(n))) for n in undefined], fn.body[0])
    fn.body = docstring + inits + body[len(docstring):]


def convert_function_def(fn, filename):
    """The converted copy of `fn` (an ast.FunctionDef), renamed `tf__<name>`, decorators removed."""
    _check_supported(fn, filename)
    fn.decorator_list = []
    counter = itertools.count(1)
    convert_body(fn, counter)
    fn.name = f"tf__{fn.name}"
    ast.fix_missing_locations(fn)
    return fn
