// Package nilcheck tells whether an interface value holds nothing usable:
// nil itself, or a nil pointer, map, func, slice, channel or interface of
// some type, which compares unequal to nil but panics when used. The SDK
// checks the implementations its callers hand it (login clients, API
// clients, storages) with it, so that such a value gives a clear error
// rather than a panic.
package nilcheck

import "reflect"

// Nil reports whether v is nil or holds a nil value of a nillable kind.
func Nil(v any) bool {
	if v == nil {
		return true
	}
	switch rv := reflect.ValueOf(v); rv.Kind() {
	case reflect.Pointer, reflect.Map, reflect.Func, reflect.Interface, reflect.Slice, reflect.Chan:
		return rv.IsNil()
	}
	return false
}
