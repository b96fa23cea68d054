package fakeglobus

import "encoding/json"

// decodeLikeKin decodes a JSON document into the values that
// openapi3filter's decoder (encoding/json with UseNumber) makes of it:
// nil, bool, json.Number, string, []any and map[string]any, the last
// duplicate key winning. It is several times faster on the large, plain
// documents of bulk submissions, and it is only ever allowed to give up:
// it reports false for anything it does not decode exactly as encoding/json
// does (strings with escapes or non-ASCII bytes go through encoding/json
// itself), for deep nesting, and for anything after the document but
// white space; the caller then validates the body the usual way.
func decodeLikeKin(b []byte) (any, bool) {
	p := jsonScan{b: b}
	v, ok := p.value()
	if !ok {
		return nil, false
	}
	p.space()
	return v, ok && p.i == len(p.b)
}

// jsonScan is the state of decodeLikeKin.
type jsonScan struct {
	b     []byte
	i     int
	depth int
}

// maxScanDepth is how deep decodeLikeKin nests before it gives up
// (encoding/json refuses documents nested deeper than 10000).
const maxScanDepth = 1000

func (p *jsonScan) space() {
	for p.i < len(p.b) {
		switch p.b[p.i] {
		case ' ', '\t', '\n', '\r':
			p.i++
		default:
			return
		}
	}
}

func (p *jsonScan) value() (any, bool) {
	p.space()
	if p.i >= len(p.b) {
		return nil, false
	}
	switch c := p.b[p.i]; c {
	case '{':
		return p.object()
	case '[':
		return p.array()
	case '"':
		return p.str()
	case 't':
		return true, p.literal("true")
	case 'f':
		return false, p.literal("false")
	case 'n':
		return nil, p.literal("null")
	default:
		return p.number()
	}
}

func (p *jsonScan) literal(word string) bool {
	if len(p.b)-p.i < len(word) || string(p.b[p.i:p.i+len(word)]) != word {
		return false
	}
	p.i += len(word)
	return true
}

func (p *jsonScan) object() (any, bool) {
	if p.depth++; p.depth > maxScanDepth {
		return nil, false
	}
	defer func() { p.depth-- }()
	p.i++ // {
	m := map[string]any{}
	p.space()
	if p.i < len(p.b) && p.b[p.i] == '}' {
		p.i++
		return m, true
	}
	for {
		p.space()
		if p.i >= len(p.b) || p.b[p.i] != '"' {
			return nil, false
		}
		k, ok := p.str()
		if !ok {
			return nil, false
		}
		p.space()
		if p.i >= len(p.b) || p.b[p.i] != ':' {
			return nil, false
		}
		p.i++
		v, ok := p.value()
		if !ok {
			return nil, false
		}
		m[k.(string)] = v
		p.space()
		if p.i >= len(p.b) {
			return nil, false
		}
		switch p.b[p.i] {
		case ',':
			p.i++
		case '}':
			p.i++
			return m, true
		default:
			return nil, false
		}
	}
}

func (p *jsonScan) array() (any, bool) {
	if p.depth++; p.depth > maxScanDepth {
		return nil, false
	}
	defer func() { p.depth-- }()
	p.i++ // [
	a := []any{}
	p.space()
	if p.i < len(p.b) && p.b[p.i] == ']' {
		p.i++
		return a, true
	}
	for {
		v, ok := p.value()
		if !ok {
			return nil, false
		}
		a = append(a, v)
		p.space()
		if p.i >= len(p.b) {
			return nil, false
		}
		switch p.b[p.i] {
		case ',':
			p.i++
		case ']':
			p.i++
			return a, true
		default:
			return nil, false
		}
	}
}

// str decodes the string starting at p.i (a quote).
func (p *jsonScan) str() (any, bool) {
	start := p.i
	plain := true
	j := p.i + 1
	for ; j < len(p.b); j++ {
		c := p.b[j]
		if c == '"' {
			break
		}
		if c < 0x20 {
			return nil, false
		}
		if c == '\\' || c >= 0x80 {
			plain = false
			if c == '\\' {
				j++ // the escaped byte cannot end the string
			}
		}
	}
	if j >= len(p.b) {
		return nil, false
	}
	p.i = j + 1
	if plain {
		return string(p.b[start+1 : j]), true
	}
	var s string
	if json.Unmarshal(p.b[start:j+1], &s) != nil {
		return nil, false
	}
	return s, true
}

// number decodes a number literal as json.Number, after checking its
// grammar as encoding/json does.
func (p *jsonScan) number() (any, bool) {
	b, i := p.b, p.i
	digits := func() bool {
		s := i
		for i < len(b) && b[i] >= '0' && b[i] <= '9' {
			i++
		}
		return i > s
	}
	if i < len(b) && b[i] == '-' {
		i++
	}
	switch {
	case i < len(b) && b[i] == '0':
		i++
	case i < len(b) && b[i] >= '1' && b[i] <= '9':
		digits()
	default:
		return nil, false
	}
	if i < len(b) && b[i] == '.' {
		i++
		if !digits() {
			return nil, false
		}
	}
	if i < len(b) && (b[i] == 'e' || b[i] == 'E') {
		i++
		if i < len(b) && (b[i] == '+' || b[i] == '-') {
			i++
		}
		if !digits() {
			return nil, false
		}
	}
	n := json.Number(b[p.i:i])
	p.i = i
	return n, true
}
