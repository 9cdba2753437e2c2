#!/usr/bin/env python3
"""Writes facade/Generated/*.g.cs: the level methods (Debug..Critical, Exception, Log) with 0..6
generic arguments for Logger, LoggerAdapter, LogManager and the static Logging class.
Generic overloads keep a disabled call free of allocations; OverloadResolutionPriority makes the
overload with the most message arguments win over one that would bind an argument to an optional
parameter. Run it after changing this file: python3 facade/gen/generate.py"""
import os

ARITY = 6
LEVELS = [("Debug", "DEBUG"), ("Info", "INFO"), ("Warning", "WARNING"), ("Error", "ERROR"), ("Critical", "CRITICAL")]
HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "Generated")

def tparams(n):
    return "" if n == 0 else "<" + ", ".join(f"T{i}" for i in range(n)) + ">"

def aparams(n):
    return "".join(f", T{i} arg{i}" for i in range(n))

def args_array(n):
    return "Logger.NoArgs" if n == 0 else "new object?[] { " + ", ".join(f"arg{i}" for i in range(n)) + " }"

def typeparam_docs(n):
    return "".join(f'    /// <typeparam name="T{i}">Type of argument {i}.</typeparam>\n' for i in range(n))

def arg_docs(n):
    return "".join(f'    /// <param name="arg{i}">Argument {i} for the % format.</param>\n' for i in range(n))

COMMON_DOCS = """    /// <param name="extra">Values added to the record (usable in format strings as %(key)s).</param>
    /// <param name="stackInfo">Attach the current call stack to the record.</param>
    /// <param name="stackLevel">Take the caller information this many frames up (1 = the caller).</param>
    /// <param name="callerFile">Filled in by the compiler.</param>
    /// <param name="callerLine">Filled in by the compiler.</param>
    /// <param name="callerMember">Filled in by the compiler.</param>
"""
TAIL = ("IReadOnlyDictionary<string, object?>? extra = null, bool stackInfo = false, int stackLevel = 1, "
        "[CallerFilePath] string callerFile = \"\", [CallerLineNumber] int callerLine = 0, [CallerMemberName] string callerMember = \"\"")
SITE = "new CallSite(callerFile, callerLine, callerMember)"

def methods(kind):
    """kind: 'logger' | 'adapter' | 'manager' | 'static'"""
    static = "static " if kind == "static" else ""
    out = []
    def body(level_expr, n, exc):
        call = f"{level_expr}, msg, {args_array(n)}, {exc}, extra, stackInfo, stackLevel, {SITE}"
        if kind == "logger":
            return f"if ({level_expr} >= Core.Threshold) Emit({call});"
        if kind == "adapter":
            return f"if (Logger.IsEnabledFor({level_expr})) Emit({call});"
        if kind == "manager":
            return f"EnsureConfigured(); var root = Root; if ({level_expr} >= root.Core.Threshold) root.Emit({call});"
        return f"var m = LogManager.Default; m.EnsureConfigured(); var root = m.Root; if ({level_expr} >= root.Core.Threshold) root.Emit({call});"
    where = {"logger": "this logger", "adapter": "the adapted logger, with the adapter's context",
             "manager": "the root logger (configuring it with BasicConfig first if it has no handlers)",
             "static": "the default manager's root logger (configuring it with BasicConfig first if it has no handlers)"}[kind]
    # a message that is not a string (Python's str(msg)): one overload a level, below every string overload
    oprio = "    [OverloadResolutionPriority(-1)]\n"
    for name, lv in LEVELS:
        out.append(f"""    /// <summary>Logs a message that is not a string (its str(), as Python's {name.lower()}() does) at {lv} through {where}.</summary>
    /// <param name="msg">The message object; %(message)s shows its str() (a Python dict, list or number, or any .NET object).</param>
    /// <param name="exc">An exception to log with the record (Python's exc_info).</param>
{COMMON_DOCS}{oprio}    public {static}void {name}(object? msg, System.Exception? exc = null, {TAIL})
    {{
        {body("Levels." + name, 0, "exc")}
    }}
""")
    out.append(f"""    /// <summary>Logs a message that is not a string (its str(), as Python's log() does) at <paramref name="level"/> through {where}.</summary>
    /// <param name="level">The level number (a standard or custom level).</param>
    /// <param name="msg">The message object; %(message)s shows its str().</param>
    /// <param name="exc">An exception to log with the record (Python's exc_info).</param>
{COMMON_DOCS}{oprio}    public {static}void Log(int level, object? msg, System.Exception? exc = null, {TAIL})
    {{
        {body("level", 0, "exc")}
    }}
""")
    for n in range(ARITY + 1):
        prio = f"    [OverloadResolutionPriority({n})]\n"
        for name, lv in LEVELS:
            out.append(f"""    /// <summary>Logs <paramref name="msg"/> % args at {lv} through {where} (Python's {name.lower()}()).</summary>
{typeparam_docs(n)}    /// <param name="msg">The message, a Python %-format string.</param>
{arg_docs(n)}    /// <param name="exc">An exception to log with the record (Python's exc_info).</param>
{COMMON_DOCS}{prio}    public {static}void {name}{tparams(n)}(string msg{aparams(n)}, System.Exception? exc = null, {TAIL})
    {{
        {body("Levels." + name, n, "exc")}
    }}
""")
        out.append(f"""    /// <summary>Logs <paramref name="msg"/> % args at ERROR with an exception through {where} (Python's exception()).</summary>
{typeparam_docs(n)}    /// <param name="exc">The exception (Python's exc_info).</param>
    /// <param name="msg">The message, a Python %-format string.</param>
{arg_docs(n)}{COMMON_DOCS}{prio}    public {static}void Exception{tparams(n)}(System.Exception? exc, string msg{aparams(n)}, {TAIL})
    {{
        {body("Levels.Error", n, "exc")}
    }}
""")
        out.append(f"""    /// <summary>Logs <paramref name="msg"/> % args at <paramref name="level"/> through {where} (Python's log()).</summary>
{typeparam_docs(n)}    /// <param name="level">The level number (a standard or custom level).</param>
    /// <param name="msg">The message, a Python %-format string.</param>
{arg_docs(n)}    /// <param name="exc">An exception to log with the record (Python's exc_info).</param>
{COMMON_DOCS}{prio}    public {static}void Log{tparams(n)}(int level, string msg{aparams(n)}, System.Exception? exc = null, {TAIL})
    {{
        {body("level", n, "exc")}
    }}
""")
    return "\n".join(out)

HEADER = """// <auto-generated>by facade/gen/generate.py; edit the script, not this file.</auto-generated>
#nullable enable
using System.Collections.Generic;
using System.Runtime.CompilerServices;

namespace FuncLog;

"""
os.makedirs(OUT, exist_ok=True)
for fname, decl, kind in [("Logger.g.cs", "public sealed partial class Logger", "logger"),
                          ("LoggerAdapter.g.cs", "public partial class LoggerAdapter", "adapter"),
                          ("LogManager.g.cs", "public sealed partial class LogManager", "manager"),
                          ("Logging.g.cs", "public static partial class Logging", "static")]:
    with open(os.path.join(OUT, fname), "w") as f:
        f.write(HEADER + decl + "\n{\n" + methods(kind) + "}\n")
