// Generates expected outputs of Go's text/template (the Go that built podman 4.3.1) for Berth's differential tests.
package main

import (
	"bytes"
	"encoding/json"

	"os"
	"strings"
	"text/template"
	"time"
)

type Sub struct {
	Name  string
	Value int
}

type Info struct {
	Name      string
	Count     int
	Size      int64
	Ratio     float64
	Flag      bool
	Tags      []string
	NilTags   []string
	Labels    map[string]string
	NilLabels map[string]string
	Created   time.Time
	Dur       time.Duration
	Nested    *Sub
	NilPtr    *Sub
	Any       interface{}
	NilAny    interface{}
	Items     []Sub
	Anys      []interface{}
	Meta      map[string]interface{}
	Unicode   string
	Empty     string
	Zero      int
}

func (i *Info) Upper() string { return strings.ToUpper(i.Name) }

func padWithSpace(source string, prefix, suffix int) string {
	if source == "" {
		return source
	}
	return strings.Repeat(" ", prefix) + source + strings.Repeat(" ", suffix)
}

func truncateWithLength(source string, length int) string {
	if len(source) < length {
		return source
	}
	return source[:length]
}

var funcs = template.FuncMap{
	"join": strings.Join,
	"json": func(v interface{}) string {
		buf := new(bytes.Buffer)
		enc := json.NewEncoder(buf)
		enc.SetEscapeHTML(false)
		_ = enc.Encode(v)
		return strings.TrimSpace(buf.String())
	},
	"lower":    strings.ToLower,
	"pad":      padWithSpace,
	"split":    strings.Split,
	"title":    strings.Title,
	"truncate": truncateWithLength,
	"upper":    strings.ToUpper,
}

func fixture() *Info {
	created, _ := time.Parse(time.RFC3339Nano, "2023-03-04T05:06:07.1234567Z")
	return &Info{
		Name: "berth", Count: 3, Size: 2048000, Ratio: 0.125, Flag: true,
		Tags:    []string{"a", "b", "c"},
		Labels:  map[string]string{"b": "2", "a": "1", "z": "", "x.y": "dotted", "html": "<a&b>"},
		Created: created,
		Dur:     time.Hour + 2*time.Minute + 3500*time.Millisecond,
		Nested:  &Sub{Name: "sub", Value: 7},
		Any:     "anything",
		Items:   []Sub{{"x", 1}, {"y", 2}},
		Anys:    []interface{}{"s", 1, true, nil},
		Meta:    map[string]interface{}{"k": "v", "n": 2},
		Unicode: "héllo wörld ✓ 😀",
	}
}

type result struct {
	Name     string `json:"name"`
	Data     string `json:"data"`
	Template string `json:"template"`
	Stdout   string `json:"stdout"`
	Error    string `json:"error"`
}

func main() {
	var cases []struct {
		Name     string `json:"name"`
		Data     string `json:"data"`
		Template string `json:"template"`
	}
	in, err := os.ReadFile(os.Args[1])
	if err != nil {
		panic(err)
	}
	if err := json.Unmarshal(in, &cases); err != nil {
		panic(err)
	}
	var out []result
	for _, c := range cases {
		var data interface{}
		switch c.Data {
		case "info":
			data = fixture()
		case "list":
			data = []interface{}{fixture()}
		case "nil":
			data = nil
		case "map":
			data = map[string]string{"ID": "IMAGE ID", "Size": "SIZE"}
		default:
			panic("unknown data " + c.Data)
		}
		r := result{Name: c.Name, Data: c.Data, Template: c.Template}
		t, err := template.New("t").Funcs(funcs).Parse(c.Template)
		if err != nil {
			r.Error = err.Error()
		} else {
			var buf bytes.Buffer
			if err := t.Execute(&buf, data); err != nil {
				r.Error = err.Error()
			}
			r.Stdout = buf.String()
		}
		out = append(out, r)
	}
	enc := json.NewEncoder(os.Stdout)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	_ = enc.Encode(out)
}
