namespace FuncLog

open System.Diagnostics

[<RequireQualifiedAccess>]
module TraceFields =
    let names = [ "otelSpanID"; "otelTraceID"; "otelTraceSampled"; "otelServiceName" ]

    let mutable serviceName = ""

    let otelSeverity (levelNo: int) =
        if levelNo < 10 then 0
        elif levelNo > 53 then 24
        else 1 + (levelNo / 10) * 4 + min (levelNo % 10) 3

    let private zero = box "0"

    let internal attribute (key: string) (activity: Activity) : obj voption =
        match key with
        | "otelTraceID" ->
            ValueSome(
                if isNull activity then
                    zero
                else
                    box (activity.TraceId.ToHexString())
            )
        | "otelSpanID" ->
            ValueSome(
                if isNull activity then
                    zero
                else
                    box (activity.SpanId.ToHexString())
            )
        | "otelTraceSampled" -> ValueSome(box (not (isNull activity) && activity.Recorded))
        | "otelServiceName" -> ValueSome(box (if isNull serviceName then "" else serviceName))
        | _ -> ValueNone
