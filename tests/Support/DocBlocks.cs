namespace FuncLog.Tests.Support;

/// <summary>A fenced code block of a Markdown file: its language, its text, its line, and the HTML comment just above it.</summary>
public sealed record DocBlock(string File, int Line, string Language, string Code, string? Note)
{
    public override string ToString() => $"{Path.GetFileName(File)}:{Line} ({Language})";
}

/// <summary>Reads the fenced code blocks of Markdown files (```lang … ```), indented fences included.</summary>
public static class DocBlocks
{
    public static List<DocBlock> Of(string file)
    {
        var lines = File.ReadAllLines(file);
        var blocks = new List<DocBlock>();
        for (int i = 0; i < lines.Length; i++)
        {
            var trimmed = lines[i].TrimStart();
            if (!trimmed.StartsWith("```")) continue;
            int indent = lines[i].Length - trimmed.Length;
            string language = trimmed[3..].Trim();
            int start = i + 1, end = start;
            while (end < lines.Length && lines[end].Trim() != "```") end++;
            var code = string.Join("\n", lines[start..end].Select(l => l.Length >= indent && l[..indent].Trim().Length == 0 ? l[indent..] : l.TrimStart()));
            string? note = null;
            int above = i - 1;
            while (above >= 0 && lines[above].Trim().Length == 0) above--;
            if (above >= 0 && lines[above].Trim() is var t && t.StartsWith("<!--") && t.EndsWith("-->")) note = t[4..^3].Trim();
            blocks.Add(new DocBlock(file, i + 1, language, code, note));
            i = end;
        }
        return blocks;
    }
}
