package main

import (
	"strings"
	"testing"
)

// TestListsOfAnswersDecodeByBlocks checks that the items of a list in an
// answer get a block-wise decoder from the generator alone, and that
// nothing else does.
func TestListsOfAnswersDecodeByBlocks(t *testing.T) {
	src, err := generateWidgets(t, "")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(src, "httpx.List[widgetapi.Widget]()") {
		t.Errorf("the list of widgets has no block-wise decoder:\n%s", src)
	}
	if strings.Contains(src, "httpx.List[widgetapi.WidgetList]()") {
		t.Error("the answer itself, not a list, got a block-wise decoder")
	}
	if !strings.Contains(src, "httpx.DecodeWith[widgetapi.WidgetList](decoding, call, resp, err)") {
		t.Errorf("the method does not decode with the lists:\n%s", src)
	}
}
