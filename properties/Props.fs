module Props
let x = 1
