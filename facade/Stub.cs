namespace FuncLog; /// <summary>x</summary>
public static class Stub {}
