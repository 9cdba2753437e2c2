using System.Runtime.CompilerServices;
using System.Text;

namespace FuncLog;

/// <summary>
/// The facade's typed argument packs (<see cref="ArgPack"/>): a generic level method's arguments, unboxed,
/// for the call that takes the pack. One spare pack per argument types per thread; a call made while the
/// spare is out (a handler that logs) makes its own.
/// </summary>
internal static class TypedArg
{
    /// <summary>Appends a string (for %s) or a machine integer (for %s, %d, %i) without boxing it.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool AppendSimple<T>(T value, char conv, StringBuilder sb)
    {
        if (typeof(T) == typeof(int)) { FastText.appendInt(sb, Unsafe.As<T, int>(ref value)); return true; }
        if (typeof(T) == typeof(long)) { FastText.appendInt(sb, Unsafe.As<T, long>(ref value)); return true; }
        if (typeof(T).IsValueType) return false;
        if (value is string s && conv == 's') { sb.Append(s); return true; }
        if (value is int n) { FastText.appendInt(sb, n); return true; }
        if (value is long l) { FastText.appendInt(sb, l); return true; }
        return false;
    }
}

/// <summary>1 typed argument.</summary>
internal sealed class ArgPack<T0> : ArgPack
{
    [ThreadStatic] private static ArgPack<T0>? s_spare;
    private T0 _a0 = default!;

    /// <summary>This thread's spare pack (or a new one) holding the arguments.</summary>
    public static ArgPack<T0> Of(T0 a0)
    {
        var p = s_spare ?? new ArgPack<T0>();
        s_spare = null;
        p._a0 = a0;
        return p;
    }

    public override int Count => 1;
    public override object? Get(int index) => index switch { 0 => _a0, _ => throw new ArgumentOutOfRangeException(nameof(index)) };
    public override bool TryAppendSimple(int index, char conv, StringBuilder sb) => index switch { 0 => TypedArg.AppendSimple(_a0, conv, sb), _ => false };
    public override void Release() { _a0 = default!; s_spare = this; }
}

/// <summary>2 typed arguments.</summary>
internal sealed class ArgPack<T0, T1> : ArgPack
{
    [ThreadStatic] private static ArgPack<T0, T1>? s_spare;
    private T0 _a0 = default!;
    private T1 _a1 = default!;

    /// <summary>This thread's spare pack (or a new one) holding the arguments.</summary>
    public static ArgPack<T0, T1> Of(T0 a0, T1 a1)
    {
        var p = s_spare ?? new ArgPack<T0, T1>();
        s_spare = null;
        p._a0 = a0; p._a1 = a1;
        return p;
    }

    public override int Count => 2;
    public override object? Get(int index) => index switch { 0 => _a0, 1 => _a1, _ => throw new ArgumentOutOfRangeException(nameof(index)) };
    public override bool TryAppendSimple(int index, char conv, StringBuilder sb) => index switch { 0 => TypedArg.AppendSimple(_a0, conv, sb), 1 => TypedArg.AppendSimple(_a1, conv, sb), _ => false };
    public override void Release() { _a0 = default!; _a1 = default!; s_spare = this; }
}

/// <summary>3 typed arguments.</summary>
internal sealed class ArgPack<T0, T1, T2> : ArgPack
{
    [ThreadStatic] private static ArgPack<T0, T1, T2>? s_spare;
    private T0 _a0 = default!;
    private T1 _a1 = default!;
    private T2 _a2 = default!;

    /// <summary>This thread's spare pack (or a new one) holding the arguments.</summary>
    public static ArgPack<T0, T1, T2> Of(T0 a0, T1 a1, T2 a2)
    {
        var p = s_spare ?? new ArgPack<T0, T1, T2>();
        s_spare = null;
        p._a0 = a0; p._a1 = a1; p._a2 = a2;
        return p;
    }

    public override int Count => 3;
    public override object? Get(int index) => index switch { 0 => _a0, 1 => _a1, 2 => _a2, _ => throw new ArgumentOutOfRangeException(nameof(index)) };
    public override bool TryAppendSimple(int index, char conv, StringBuilder sb) => index switch { 0 => TypedArg.AppendSimple(_a0, conv, sb), 1 => TypedArg.AppendSimple(_a1, conv, sb), 2 => TypedArg.AppendSimple(_a2, conv, sb), _ => false };
    public override void Release() { _a0 = default!; _a1 = default!; _a2 = default!; s_spare = this; }
}

/// <summary>4 typed arguments.</summary>
internal sealed class ArgPack<T0, T1, T2, T3> : ArgPack
{
    [ThreadStatic] private static ArgPack<T0, T1, T2, T3>? s_spare;
    private T0 _a0 = default!;
    private T1 _a1 = default!;
    private T2 _a2 = default!;
    private T3 _a3 = default!;

    /// <summary>This thread's spare pack (or a new one) holding the arguments.</summary>
    public static ArgPack<T0, T1, T2, T3> Of(T0 a0, T1 a1, T2 a2, T3 a3)
    {
        var p = s_spare ?? new ArgPack<T0, T1, T2, T3>();
        s_spare = null;
        p._a0 = a0; p._a1 = a1; p._a2 = a2; p._a3 = a3;
        return p;
    }

    public override int Count => 4;
    public override object? Get(int index) => index switch { 0 => _a0, 1 => _a1, 2 => _a2, 3 => _a3, _ => throw new ArgumentOutOfRangeException(nameof(index)) };
    public override bool TryAppendSimple(int index, char conv, StringBuilder sb) => index switch { 0 => TypedArg.AppendSimple(_a0, conv, sb), 1 => TypedArg.AppendSimple(_a1, conv, sb), 2 => TypedArg.AppendSimple(_a2, conv, sb), 3 => TypedArg.AppendSimple(_a3, conv, sb), _ => false };
    public override void Release() { _a0 = default!; _a1 = default!; _a2 = default!; _a3 = default!; s_spare = this; }
}

/// <summary>5 typed arguments.</summary>
internal sealed class ArgPack<T0, T1, T2, T3, T4> : ArgPack
{
    [ThreadStatic] private static ArgPack<T0, T1, T2, T3, T4>? s_spare;
    private T0 _a0 = default!;
    private T1 _a1 = default!;
    private T2 _a2 = default!;
    private T3 _a3 = default!;
    private T4 _a4 = default!;

    /// <summary>This thread's spare pack (or a new one) holding the arguments.</summary>
    public static ArgPack<T0, T1, T2, T3, T4> Of(T0 a0, T1 a1, T2 a2, T3 a3, T4 a4)
    {
        var p = s_spare ?? new ArgPack<T0, T1, T2, T3, T4>();
        s_spare = null;
        p._a0 = a0; p._a1 = a1; p._a2 = a2; p._a3 = a3; p._a4 = a4;
        return p;
    }

    public override int Count => 5;
    public override object? Get(int index) => index switch { 0 => _a0, 1 => _a1, 2 => _a2, 3 => _a3, 4 => _a4, _ => throw new ArgumentOutOfRangeException(nameof(index)) };
    public override bool TryAppendSimple(int index, char conv, StringBuilder sb) => index switch { 0 => TypedArg.AppendSimple(_a0, conv, sb), 1 => TypedArg.AppendSimple(_a1, conv, sb), 2 => TypedArg.AppendSimple(_a2, conv, sb), 3 => TypedArg.AppendSimple(_a3, conv, sb), 4 => TypedArg.AppendSimple(_a4, conv, sb), _ => false };
    public override void Release() { _a0 = default!; _a1 = default!; _a2 = default!; _a3 = default!; _a4 = default!; s_spare = this; }
}

/// <summary>6 typed arguments.</summary>
internal sealed class ArgPack<T0, T1, T2, T3, T4, T5> : ArgPack
{
    [ThreadStatic] private static ArgPack<T0, T1, T2, T3, T4, T5>? s_spare;
    private T0 _a0 = default!;
    private T1 _a1 = default!;
    private T2 _a2 = default!;
    private T3 _a3 = default!;
    private T4 _a4 = default!;
    private T5 _a5 = default!;

    /// <summary>This thread's spare pack (or a new one) holding the arguments.</summary>
    public static ArgPack<T0, T1, T2, T3, T4, T5> Of(T0 a0, T1 a1, T2 a2, T3 a3, T4 a4, T5 a5)
    {
        var p = s_spare ?? new ArgPack<T0, T1, T2, T3, T4, T5>();
        s_spare = null;
        p._a0 = a0; p._a1 = a1; p._a2 = a2; p._a3 = a3; p._a4 = a4; p._a5 = a5;
        return p;
    }

    public override int Count => 6;
    public override object? Get(int index) => index switch { 0 => _a0, 1 => _a1, 2 => _a2, 3 => _a3, 4 => _a4, 5 => _a5, _ => throw new ArgumentOutOfRangeException(nameof(index)) };
    public override bool TryAppendSimple(int index, char conv, StringBuilder sb) => index switch { 0 => TypedArg.AppendSimple(_a0, conv, sb), 1 => TypedArg.AppendSimple(_a1, conv, sb), 2 => TypedArg.AppendSimple(_a2, conv, sb), 3 => TypedArg.AppendSimple(_a3, conv, sb), 4 => TypedArg.AppendSimple(_a4, conv, sb), 5 => TypedArg.AppendSimple(_a5, conv, sb), _ => false };
    public override void Release() { _a0 = default!; _a1 = default!; _a2 = default!; _a3 = default!; _a4 = default!; _a5 = default!; s_spare = this; }
}
