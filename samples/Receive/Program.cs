// funclog-receive: the cookbook's LogRecordSocketReceiver as a safe .NET program.
//   funclog-receive [--tcp 9020] [--udp 9021] [--bind 127.0.0.1] [--config FILE] [--format FMT] [--max-frame BYTES]
// Records from Python's or FuncLog's SocketHandler (TCP) and DatagramHandler (UDP), pickled or JSON, are logged
// through the logger they name: with --config, as that file (JSON, YAML or INI) says; otherwise to stdout in
// --format. Only the data part of pickle is decoded, so nothing a sender writes can run code here.
// Records go to stdout and nothing else does: the line saying where it listens, and every error, go to stderr.
// Ctrl+C (or SIGTERM) stops it. Exit codes: 0 stopped, 1 could not start (a port in use, a bad config), 2 usage.
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using FuncLog;

var tcp = LogReceiver.DefaultTcpPort;
var udp = LogReceiver.DefaultUdpPort;
var bind = IPAddress.Loopback;
string? config = null;
var format = "%(relativeCreated)5d %(name)-15s %(levelname)-8s %(message)s";
var maxFrame = 1024 * 1024;

for (var i = 0; i < args.Length; i++)
{
    var option = args[i];
    string? Next() => i + 1 < args.Length ? args[++i] : null;
    int? Port() => int.TryParse(Next(), out var p) && p is >= -1 and <= 65535 ? p : null;
    switch (option)
    {
        case "--tcp" when Port() is { } p: tcp = p; break;
        case "--udp" when Port() is { } p: udp = p; break;
        case "--max-frame" when int.TryParse(Next(), out var m) && m > 0: maxFrame = m; break;
        case "--bind" when IPAddress.TryParse(Next(), out var a): bind = a; break;
        case "--config" when Next() is { } c: config = c; break;
        case "--format" when Next() is { } f: format = f; break;
        case "-h" or "--help":
            Console.WriteLine("funclog-receive [--tcp 9020] [--udp 9021] [--bind 127.0.0.1] [--config FILE] [--format FMT] [--max-frame BYTES]");
            Console.WriteLine("  a port of -1 turns that listener off; 0 picks a free port");
            return 0;
        case "--tcp" or "--udp" or "--max-frame" or "--bind" or "--config" or "--format":
            return Usage(option switch
            {
                "--tcp" or "--udp" => $"{option} needs a port from -1 to 65535",
                "--max-frame" => "--max-frame needs a positive number of bytes",
                "--bind" => "--bind needs an IP address",
                _ => $"{option} needs a value",
            });
        default:
            return Usage($"unknown option {option}");
    }
}

var logging = new LogManager();
LogReceiver receiver;
try
{
    if (config is null)
        logging.BasicConfig(format: format, stream: Console.Out, level: Levels.NotSet);
    else if (config.EndsWith(".json", StringComparison.OrdinalIgnoreCase) || config.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase)
             || config.EndsWith(".yml", StringComparison.OrdinalIgnoreCase))
        logging.DictConfigFile(config);
    else
        logging.FileConfig(config);
    receiver = new LogReceiver(logging.Core, tcp, udp, bind) { MaxFrameBytes = maxFrame }.Start();
}
catch (Exception e) when (e is SocketException or LogConfigException or IOException or ArgumentException or UnauthorizedAccessException)
{
    var what = e is SocketException s ? $"cannot listen on {bind} tcp {tcp} udp {udp}: {s.Message}" : e.Message;
    Console.Error.WriteLine($"funclog-receive: {what}");
    logging.Shutdown();
    return 1;
}
using var _ = receiver;
Console.Error.WriteLine($"funclog-receive: listening on {bind} tcp {receiver.TcpPort} udp {receiver.UdpPort}");

var stop = new ManualResetEventSlim();
Console.CancelKeyPress += (_, e) => { e.Cancel = true; stop.Set(); };
using var term = PosixSignalRegistration.Create(PosixSignal.SIGTERM, c => { c.Cancel = true; stop.Set(); });
stop.Wait();
receiver.Stop();
logging.Shutdown();
return 0;

static int Usage(string problem)
{
    Console.Error.WriteLine($"funclog-receive: {problem} (try --help)");
    return 2;
}
