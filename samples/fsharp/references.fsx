// What the scripts here need: FuncLog.Core as built in this checkout (run `dotnet build core` first; the test
// suite builds it) and its two dependencies. With the published package, this is `#r "nuget: FuncLog.Core"`.
#r "nuget: System.IO.Abstractions, 17.0.24"
#r "nuget: YamlDotNet, 16.3.0"
#r "../../core/bin/Debug/net10.0/FuncLog.Core.dll"
