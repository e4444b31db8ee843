module berthoracle/runtime

go 1.19

require github.com/docker/go-units v0.5.0
