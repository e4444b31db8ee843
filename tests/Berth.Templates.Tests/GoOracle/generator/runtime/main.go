package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"math/rand"
	"os"
	"text/tabwriter"
	"time"

	units "github.com/docker/go-units"
)

type kv struct {
	In  string `json:"in"`
	Out string `json:"out"`
}

func main() {
	out := map[string]interface{}{}
	// floats
	r := rand.New(rand.NewSource(42))
	verbs := []string{"%v", "%g", "%e", "%f", "%.0f", "%.1f", "%.2f", "%.3e", "%.3g", "%.4g", "%.10g", "%8.3f", "%-10.2e", "%+.2f", "%#g", "%#.0f", "%G", "%E", "% .3g", "%010.3f"}
	var floats []map[string]string
	for i := 0; i < 600; i++ {
		var v float64
		switch i % 6 {
		case 0:
			v = r.Float64() * 1000
		case 1:
			v = r.NormFloat64() * 1e10
		case 2:
			v = math.Pow(10, float64(r.Intn(40)-20)) * r.Float64()
		case 3:
			v = float64(r.Intn(100000)) / 8
		case 4:
			v = float64(r.Intn(2000)) + 0.5
		case 5:
			v = -r.ExpFloat64() * 1e-3
		}
		verb := verbs[i%len(verbs)]
		floats = append(floats, map[string]string{"verb": verb, "bits": fmt.Sprintf("%016x", math.Float64bits(v)), "out": fmt.Sprintf(verb, v), "json": mustJSON(v)})
	}
	out["floats"] = floats
	// units
	var sizes []map[string]string
	for _, s := range []float64{0, 1, 999, 1000, 1023, 1024, 1500, 11431, 31834, 308194, 999999, 1999097, 40008827, 419430400, 1e9, 1.5e12, 123456789012345, 1e18, 1e25, 1e27} {
		sizes = append(sizes, map[string]string{"size": fmt.Sprintf("%v", s), "human": units.HumanSize(s), "p3": units.HumanSizeWithPrecision(s, 3), "bytes": units.BytesSize(s)})
	}
	out["sizes"] = sizes
	var durs []map[string]string
	for _, d := range []time.Duration{0, 999 * time.Millisecond, time.Second, 1500 * time.Millisecond, 59 * time.Second, 60 * time.Second, 119 * time.Second, 120 * time.Second, 59 * time.Minute, 60 * time.Minute, 89 * time.Minute, 90 * time.Minute, 47 * time.Hour, 48 * time.Hour, 13 * 24 * time.Hour, 14 * 24 * time.Hour, 59 * 24 * time.Hour, 60 * 24 * time.Hour, 729 * 24 * time.Hour, 730 * 24 * time.Hour, 3000 * 24 * time.Hour} {
		durs = append(durs, map[string]string{"ns": fmt.Sprintf("%d", int64(d)), "human": units.HumanDuration(d), "string": d.String()})
	}
	out["durations"] = durs
	// tabwriter
	inputs := []string{
		"a\tb\tc\naa\tbbb\tc\naaaa\tb\tc\n",
		"REPOSITORY\tTAG\tIMAGE ID\nlocalhost/golden/demo\t1.0\t17318f893e70\nx\ty\tz\n",
		"no tabs here\nab\tcd\n\nef\tgh\n",
		"a\t\tc\n\t\tc\nxx\t\t\n",
		"héllo\twörld\n😀\tx\n",
		"trailing\ttab\t\nline\n",
		"a\tb\fc\td\n",
		"unterminated\tcell",
	}
	type tw struct {
		Input    string `json:"input"`
		MinWidth int    `json:"minwidth"`
		TabWidth int    `json:"tabwidth"`
		Padding  int    `json:"padding"`
		PadChar  string `json:"padchar"`
		Flags    uint   `json:"flags"`
		Output   string `json:"output"`
	}
	var tws []tw
	configs := []tw{{MinWidth: 12, TabWidth: 2, Padding: 2, PadChar: " ", Flags: tabwriter.StripEscape},
		{MinWidth: 0, TabWidth: 8, Padding: 1, PadChar: ".", Flags: tabwriter.AlignRight},
		{MinWidth: 5, TabWidth: 0, Padding: 1, PadChar: "-", Flags: tabwriter.Debug},
		{MinWidth: 0, TabWidth: 4, Padding: 1, PadChar: " ", Flags: tabwriter.DiscardEmptyColumns},
		{MinWidth: 0, TabWidth: 4, Padding: 0, PadChar: "\t", Flags: tabwriter.TabIndent},
		{MinWidth: 2, TabWidth: 4, Padding: 1, PadChar: " ", Flags: tabwriter.TabIndent | tabwriter.Debug},
	}
	for _, in := range inputs {
		for _, c := range configs {
			var buf bytes.Buffer
			w := tabwriter.NewWriter(&buf, c.MinWidth, c.TabWidth, c.Padding, c.PadChar[0], c.Flags)
			w.Write([]byte(in))
			w.Flush()
			c.Input = in
			c.Output = buf.String()
			tws = append(tws, c)
		}
	}
	out["tabwriter"] = tws
	// time layouts
	t1 := time.Date(2024, 3, 5, 7, 8, 9, 123456789, time.UTC)
	t2 := time.Date(1999, 12, 31, 23, 59, 59, 0, time.FixedZone("", -5*3600-30*60))
	t3 := time.Date(2021, 1, 2, 12, 0, 0, 500000000, time.FixedZone("", 2*3600))
	layouts := []string{time.ANSIC, time.UnixDate, time.RubyDate, time.RFC822, time.RFC822Z, time.RFC850, time.RFC1123, time.RFC1123Z, time.RFC3339, time.RFC3339Nano, time.Kitchen, time.Stamp, time.StampMilli, time.StampMicro, time.StampNano,
		"2006-01-02 15:04:05.999999999 -0700 MST", "Jan _2 __2 002 3:4:5 pm PM", "06 1 2 03:04:05,000 Z07 -07 Z070000 -07:00:00", "January Monday Mon Jan", "15h04m.9 .99 .000000", "Januaryy Mondayx Janx Monx"}
	var times []map[string]string
	for _, t := range []time.Time{t1, t2, t3} {
		for _, l := range layouts {
			times = append(times, map[string]string{"rfc3339nano": t.Format(time.RFC3339Nano), "layout": l, "out": t.Format(l)})
		}
		times = append(times, map[string]string{"rfc3339nano": t.Format(time.RFC3339Nano), "layout": "String()", "out": t.String()})
	}
	out["times"] = times
	enc := json.NewEncoder(os.Stdout)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", " ")
	_ = enc.Encode(out)
}

func mustJSON(v float64) string {
	b, err := json.Marshal(v)
	if err != nil {
		return "ERR"
	}
	return string(b)
}
