package globus

import "time"

// TimeLayouts are the layouts that Time accepts, for the tests that check
// that its JSON and text forms accept the same ones.
var TimeLayouts = timeLayouts

// ParseUTC is the fast path of ParseTime, and ParseTimeLayouts the layouts
// it stands in for, for the fuzz test that checks they agree.
func ParseUTC(s string) (time.Time, bool) { return parseUTC(s) }

// ParseTimeLayouts is ParseTime without its fast path.
var ParseTimeLayouts = parseTimeLayouts
