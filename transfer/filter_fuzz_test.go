package transfer_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/globus-go/globus/transfer"
)

// parseFilter splits a filter expression into its terms, each a name and
// its values, in order.
func parseFilter(expr string) (names []string, values [][]string) {
	if expr == "" {
		return nil, nil
	}
	for term := range strings.SplitSeq(expr, "/") {
		name, vals, _ := strings.Cut(term, ":")
		names = append(names, name)
		values = append(values, strings.Split(vals, ","))
	}
	return names, values
}

// validValue reports whether the filter builders should accept v.
func validValue(v string) bool {
	return v != "" && !strings.ContainsAny(v, ",/") &&
		!strings.ContainsFunc(v, func(r rune) bool { return r < 0x20 || r == 0x7f })
}

func validName(n string) bool {
	if n == "" || n[0] < 'a' || n[0] > 'z' {
		return false
	}
	for _, c := range []byte(n) {
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '_') {
			return false
		}
	}
	return true
}

// FuzzFilterExpression builds filter expressions from arbitrary names,
// values, label patterns and time ranges. A builder must either refuse the
// input with a *transfer.ValidationError, exactly when a name or value is
// one the service cannot read back, or return an expression that splits
// back into exactly the terms and values it was given.
func FuzzFilterExpression(f *testing.F) {
	f.Add("status", "ACTIVE", "INACTIVE", "label", "nightly*", int64(1700000000), int64(1700003600), uint8(2))
	f.Add("type", "TRANSFER", "DELETE", "name", "a:b", int64(0), int64(0), uint8(0))
	f.Add("Bad-Name", "x", "y", "ok", "v", int64(-1), int64(5), uint8(1))
	f.Add("path", "a/b", "c,d", "x", "\x00", int64(1700003600), int64(1700000000), uint8(3))
	f.Add("x", "", "v", "y", "é ☃", int64(253402300799), int64(253402300800), uint8(1))
	f.Add("status", "ACTIVE", "x", "label", "y", int64(253402300799), int64(253402300800), uint8(0))
	f.Add("status", "ACTIVE", "x", "label", "y", int64(-62167219201), int64(-62167219200), uint8(0))
	f.Fuzz(func(t *testing.T, name1, v1, v2, name2, v3 string, from, to int64, kind uint8) {
		// The general builder.
		var fl transfer.Filter
		fl.Add(name1, v1, v2).Add(name2, v3)
		expr, err := fl.Expression()
		wantOK := validName(name1) && validName(name2) && validValue(v1) && validValue(v2) && validValue(v3)
		checkBuilt(t, expr, err, wantOK, []string{name1, name2}, [][]string{{v1, v2}, {v3}})

		// Task filters: task ids, a label pattern and a time range.
		var lp transfer.LabelPattern
		var prefix string
		switch kind % 4 {
		case 0:
			lp, prefix = transfer.LabelEquals(v3), "="
		case 1:
			lp, prefix = transfer.LabelNot(v3), "!"
		case 2:
			lp, prefix = transfer.LabelMatches(v3), "~"
		case 3:
			lp, prefix = transfer.LabelNotMatches(v3), "!~"
		}
		var rng transfer.TimeRange
		if from != 0 {
			rng.From = time.Unix(from, 0)
		}
		if to != 0 {
			rng.To = time.Unix(to, 0)
		}
		tf := transfer.TaskFilter{TaskIDs: []string{v1, v2}, Labels: []transfer.LabelPattern{lp}, RequestTime: rng}
		expr, err = tf.Expression()
		wantOK = validValue(v1) && validValue(v2) && validValue(v3) && writable(rng.From) && writable(rng.To) &&
			!(!rng.From.IsZero() && !rng.To.IsZero() && rng.To.Before(rng.From))
		names := []string{"task_id", "label"}
		values := [][]string{{v1, v2}, {prefix + v3}}
		if !rng.IsZero() {
			names = append(names, "request_time")
			values = append(values, []string{timeValue(rng.From), timeValue(rng.To)})
		}
		checkBuilt(t, expr, err, wantOK, names, values)
	})
}

// writable reports whether t is open (zero) or has a year that RFC 3339
// can write.
func writable(t time.Time) bool {
	y := t.UTC().Year()
	return t.IsZero() || y >= 0 && y <= 9999
}

func timeValue(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format("2006-01-02T15:04:05Z")
}

func checkBuilt(t *testing.T, expr string, err error, wantOK bool, names []string, values [][]string) {
	t.Helper()
	if err != nil {
		var ve *transfer.ValidationError
		if !errors.As(err, &ve) {
			t.Fatalf("error %v (%T) is not a *transfer.ValidationError", err, err)
		}
		if wantOK {
			t.Fatalf("valid input %q %q refused: %v", names, values, err)
		}
		return
	}
	if !wantOK {
		t.Fatalf("invalid input %q %q accepted as %q", names, values, expr)
	}
	gotNames, gotValues := parseFilter(expr)
	if strings.Join(gotNames, "\x00") != strings.Join(names, "\x00") || len(gotValues) != len(values) {
		t.Fatalf("expression %q has terms %q; want %q", expr, gotNames, names)
	}
	for i := range values {
		if strings.Join(gotValues[i], "\x00") != strings.Join(values[i], "\x00") {
			t.Fatalf("expression %q: term %s has values %q; want %q", expr, names[i], gotValues[i], values[i])
		}
	}
	// Time values must read back as the same instant.
	for i, n := range names {
		if !strings.HasSuffix(n, "_time") {
			continue
		}
		for _, v := range gotValues[i] {
			if v == "" {
				continue
			}
			if _, err := time.Parse(time.RFC3339, v); err != nil {
				t.Fatalf("expression %q: time %q is not RFC 3339: %v", expr, v, err)
			}
		}
	}
}
