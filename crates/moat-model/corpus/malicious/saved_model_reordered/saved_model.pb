,
"serve!

n0Placeholder

n1PyFunc