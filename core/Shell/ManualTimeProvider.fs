namespace FuncLog

open System

/// A clock that moves only when told to, in a chosen time zone: for tests and simulations of rotation.
/// Records, formatters and rotating handlers read time only from a TimeProvider, so with this one every
/// time field, file name and rollover is deterministic. (Timers created from it are the system's.)
[<AllowNullLiteral>]
type ManualTimeProvider(start: DateTimeOffset, zone: TimeZoneInfo) =
    inherit TimeProvider()
    let sync = obj ()
    let mutable now = start
    let zone = if isNull zone then TimeZoneInfo.Utc else zone

    /// A clock at `start`, in UTC.
    new(start: DateTimeOffset) = ManualTimeProvider(start, TimeZoneInfo.Utc)

    /// The current time.
    override _.GetUtcNow() = lock sync (fun () -> now)

    /// The zone local times are in (Python's time.localtime).
    override _.LocalTimeZone = zone

    /// Moves the clock forward (or back, with a negative span).
    member _.Advance(by: TimeSpan) = lock sync (fun () -> now <- now + by)

    /// Sets the clock.
    member _.SetUtcNow(value: DateTimeOffset) = lock sync (fun () -> now <- value)
