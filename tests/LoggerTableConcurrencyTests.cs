using FuncLog.Tests.Support;

namespace FuncLog.Tests;

/// <summary>
/// The logger table under threads: loggers made from several threads at once, in different orders, while
/// another thread sets levels. Every name gives one logger, each logger's parent is the nearest existing
/// ancestor (Python's placeholder rule) and effective levels follow the levels that were set.
/// </summary>
public class LoggerTableConcurrencyTests
{
    [Fact]
    public void Loggers_made_from_many_threads_form_the_tree_Python_would()
    {
        using var h = new Harness();
        var names = new List<string>();
        for (var i = 0; i < 600; i++) names.Add($"svc{i % 12}.mod{i % 7}.c{i}");
        for (var k = 0; k < 12; k += 2) names.Add($"svc{k}");          // some parents exist, others stay placeholders
        for (var j = 0; j < 7; j += 3) names.Add($"svc{j}.mod{j}");
        var levels = new[] { Levels.Debug, Levels.Info, Levels.Error };

        var made = new Logger[4][];
        var threads = Enumerable.Range(0, 4).Select(t => new Thread(() =>
        {
            var order = t % 2 == 0 ? names : Enumerable.Reverse(names).ToList();
            made[t] = order.Select(n => h.Manager.GetLogger(n)).ToArray();
        })).ToList();
        var setter = new Thread(() =>
        {
            for (var k = 0; k < 12; k += 2) h.Manager.GetLogger($"svc{k}").SetLevel(levels[k % 3]);
        });
        threads.ForEach(t => t.Start());
        setter.Start();
        threads.ForEach(t => t.Join());
        setter.Join();

        // one logger per name, whichever thread made it
        foreach (var t in made)
            foreach (var l in t)
                Assert.Same(h.Manager.GetLogger(l.Name), l);
        Assert.Equal(names.Distinct().Order(), h.Manager.Core.LoggerNames.Order());

        var existing = names.ToHashSet();
        foreach (var n in names)
        {
            // the nearest existing ancestor, by Python's rule (candidates are the dotted prefixes)
            var expected = "root";
            for (var i = n.LastIndexOf('.'); i > 0; i = n.LastIndexOf('.', i - 1))
                if (existing.Contains(n[..i])) { expected = n[..i]; break; }
            var logger = h.Manager.GetLogger(n);
            Assert.Equal(expected, logger.Parent!.Name);

            var svc = n.Split('.')[0];
            var k = int.Parse(svc[3..]);
            Assert.Equal(k % 2 == 0 ? levels[k % 3] : Levels.Warning, logger.GetEffectiveLevel());
        }
    }
}
