package httpx

import (
	"fmt"
	"reflect"
	"strings"
	"testing"
)

type listItem struct {
	Name  string     `json:"name"`
	Size  int64      `json:"size,omitempty"`
	Inner []listItem `json:"inner,omitempty"`
}

type listDoc struct {
	DataType string     `json:"DATA_TYPE"`
	Data     []listItem `json:"DATA"`
	Total    int        `json:"total"`
}

var withLists = NewDecoding(List[listItem]())

// decodeBoth decodes body with and without the block-wise lists.
func decodeBoth(t *testing.T, body string) (plain, lists listDoc, plainErr, listsErr error) {
	t.Helper()
	plainErr = decodeJSON(Decoding{}, strings.NewReader(body), &plain)
	listsErr = decodeJSON(withLists, strings.NewReader(body), &lists)
	return
}

// TestListDecodesAsThePlainDecoder checks that List changes how lists are
// built, not what they hold: the same items, the same nil and empty
// lists, the same refusals.
func TestListDecodesAsThePlainDecoder(t *testing.T) {
	var big strings.Builder
	big.WriteString(`{"DATA_TYPE":"list","total":10000,"DATA":[`)
	for i := range 10000 { // past several blocks
		if i > 0 {
			big.WriteByte(',')
		}
		fmt.Fprintf(&big, `{"name":"f%d","size":%d,"inner":[{"name":"in%d"}]}`, i, i, i)
	}
	big.WriteString(`]}`)
	for _, c := range []struct {
		name, body string
		ok         bool
	}{
		{"big", big.String(), true},
		{"empty", `{"DATA":[]}`, true},
		{"null", `{"DATA":null}`, true},
		{"absent", `{"total":1}`, true},
		{"case-insensitive names", `{"data":[{"NAME":"a"}]}`, true},
		{"not a list", `{"DATA":{"name":"a"}}`, false},
		{"bad item", `{"DATA":[{"name":"a"},{"name":1}]}`, false},
		{"cut short", `{"DATA":[{"name":"a"},`, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			plain, lists, pErr, lErr := decodeBoth(t, c.body)
			if (pErr == nil) != c.ok || (lErr == nil) != c.ok {
				t.Fatalf("errors: plain %v, lists %v; want ok=%v", pErr, lErr, c.ok)
			}
			if c.ok && !reflect.DeepEqual(plain, lists) {
				t.Errorf("lists decode differently:\nplain %+v\nlists %+v", plain, lists)
			}
			if c.ok && (plain.Data == nil) != (lists.Data == nil) {
				t.Errorf("nil list: plain %v, lists %v", plain.Data == nil, lists.Data == nil)
			}
		})
	}
}

func FuzzList(f *testing.F) {
	f.Add(`{"DATA":[{"name":"a","inner":[{"name":"b"}]},{"name":"c"}]}`)
	f.Add(`{"DATA":null,"total":"x"}`)
	f.Fuzz(func(t *testing.T, body string) {
		plain, lists, pErr, lErr := decodeBoth(t, body)
		if (pErr == nil) != (lErr == nil) {
			t.Fatalf("plain error %v, lists error %v", pErr, lErr)
		}
		if pErr == nil && !reflect.DeepEqual(plain, lists) {
			t.Fatalf("lists decode differently:\nplain %+v\nlists %+v", plain, lists)
		}
	})
}
