X
"serveM

n0Placeholder

n1Const

n2MatMul

n3SaveV2

n4	RestoreV2