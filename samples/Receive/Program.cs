// funclog-receive: the cookbook's LogRecordSocketReceiver as a safe .NET program.
//   funclog-receive [--tcp 9020] [--udp 9021] [--bind 127.0.0.1] [--config FILE] [--format FMT] [--max-frame BYTES]
// Records from Python's or FuncLog's SocketHandler (TCP) and DatagramHandler (UDP), pickled or JSON, are logged
// through the logger they name: with --config, as that file (JSON, YAML or INI) says; otherwise to stdout in
// --format. Only the data part of pickle is decoded, so nothing a sender writes can run code here.
// The first line on stdout says where it listens; Ctrl+C (or SIGTERM) stops it.
using System.Net;
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
    string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
    switch (args[i])
    {
        case "--tcp": tcp = int.Parse(Next()); break;
        case "--udp": udp = int.Parse(Next()); break;
        case "--bind": bind = IPAddress.Parse(Next()); break;
        case "--config": config = Next(); break;
        case "--format": format = Next(); break;
        case "--max-frame": maxFrame = int.Parse(Next()); break;
        case "-h" or "--help":
            Console.WriteLine("funclog-receive [--tcp 9020] [--udp 9021] [--bind 127.0.0.1] [--config FILE] [--format FMT] [--max-frame BYTES]");
            Console.WriteLine("  a port of -1 turns that listener off; 0 picks a free port");
            return 0;
        default:
            Console.Error.WriteLine($"funclog-receive: unknown option {args[i]} (try --help)");
            return 2;
    }
}

var logging = new LogManager();
if (config is null)
    logging.BasicConfig(format: format, stream: Console.Out, level: Levels.NotSet);
else if (config.EndsWith(".json", StringComparison.OrdinalIgnoreCase) || config.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase)
         || config.EndsWith(".yml", StringComparison.OrdinalIgnoreCase))
    logging.DictConfigFile(config);
else
    logging.FileConfig(config);

using var receiver = new LogReceiver(logging.Core, tcp, udp, bind) { MaxFrameBytes = maxFrame }.Start();
Console.WriteLine($"funclog-receive: listening on {bind} tcp {receiver.TcpPort} udp {receiver.UdpPort}");
Console.Out.Flush();

var stop = new ManualResetEventSlim();
Console.CancelKeyPress += (_, e) => { e.Cancel = true; stop.Set(); };
using var term = PosixSignalRegistration.Create(PosixSignal.SIGTERM, c => { c.Cancel = true; stop.Set(); });
stop.Wait();
receiver.Stop();
logging.Shutdown();
return 0;
