?
"serve4

n0Placeholder

n1ReadFile

n2	WriteFile