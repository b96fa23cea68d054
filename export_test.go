package globus

// TimeLayouts are the layouts that Time accepts, for the tests that check
// that its JSON and text forms accept the same ones.
var TimeLayouts = timeLayouts
