namespace FuncLog

/// Every handler a configuration can name by Python's name (StreamHandler, logging.handlers.X): one line a
/// handler, each entry declared in its handler's file. Adding a handler is its file and a line here.
[<RequireQualifiedAccess>]
module internal HandlerCatalogue =
    let entries = [
        BaseHandlerEntries.stream
        BaseHandlerEntries.nullHandler
        FileHandlerEntries.file
        WatchedFileHandlerEntry.watched
        RotatingFileHandlerEntry.rotating
        TimedRotatingFileHandlerEntry.timed
        MemoryHandlerEntry.memory
        QueueHandlerEntries.queue
        SocketHandlerEntries.socket
        SocketHandlerEntries.datagram
        NetworkHandlerEntries.syslog
        NetworkHandlerEntries.http
        SMTPHandlerEntry.smtp
    ]

    let private byName =
        entries |> List.map (fun e -> e.Schema.Name, e) |> Map.ofList

    /// The schemas the pure configuration readers check against.
    let schemas = byName |> Map.map (fun _ e -> e.Schema)

    /// The entry of a catalogue name (DictConfig and FileConfig resolve Python's names to these).
    let tryFind (name: string) = byName.TryFind name
