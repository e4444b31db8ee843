module berthoracle/template

go 1.19
