namespace FuncLog
module internal Stub = let x = 1
