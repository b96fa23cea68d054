package fakeglobus

import "github.com/oapi-codegen/nullable"

// The answers of the strict operations are the models of gen/server/*,
// whose optional fields are pointers and whose nullable fields are
// nullable.Nullable; these helpers fill them.

// ptr returns a pointer to v.
func ptr[T any](v T) *T { return &v }

// val returns a nullable set to v.
func val[T any](v T) nullable.Nullable[T] { return nullable.NewNullableWithValue(v) }

// null returns a nullable set to an explicit null.
func null[T any]() nullable.Nullable[T] { return nullable.NewNullNullable[T]() }

// orNull returns a nullable set to v, or to null when v is zero, as
// Globus sends an unset name or time.
func orNull[T comparable](v T) nullable.Nullable[T] {
	var zero T
	if v == zero {
		return null[T]()
	}
	return val(v)
}

// update applies a nullable field of an update body to *dst: a value or
// an explicit null replaces it, a field left out changes nothing.
func update[T any](dst *nullable.Nullable[T], f nullable.Nullable[T]) {
	if f.IsSpecified() {
		*dst = f
	}
}

// deref returns *p, or the zero value when p is nil: the fake reads an
// absent optional parameter or body field as an empty one.
func deref[T any](p *T) T {
	if p == nil {
		var zero T
		return zero
	}
	return *p
}

// nullIfNil returns a nullable set to *p, or to null when p is nil.
func nullIfNil[T any](p *T) nullable.Nullable[T] {
	if p == nil {
		return null[T]()
	}
	return val(*p)
}
