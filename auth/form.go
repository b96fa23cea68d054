package auth

import (
	"fmt"
	"net/url"
	"reflect"
	"strconv"
	"strings"

	"github.com/globus-go/globus/gen/authapi"
)

// FormContentType is the content type of the bodies of the token,
// revocation and introspection endpoints.
const FormContentType = "application/x-www-form-urlencoded"

// EncodeForm encodes a generated form body, such as an
// [authapi.TokenRequest], [authapi.TokenRevokeRequest] or
// [authapi.TokenIntrospectRequest], as the form Globus Auth expects, with
// the real value of every [globus.Secret] field. Fields are named by their
// form or json tag; nil pointers, and zero values tagged omitempty, are
// left out.
//
// Send the result with the generated ...WithBody methods (with
// [FormContentType]), never with the generated ...WithFormdataBody ones:
// those encode each field with fmt, which prints a [globus.Secret] as
// [globus.Redacted], so the server would receive "[REDACTED]" in place of
// the code, verifier or token. The login clients of this package always
// use EncodeForm.
func EncodeForm(body any) (url.Values, error) {
	v := reflect.ValueOf(body)
	for v.Kind() == reflect.Pointer && !v.IsNil() {
		v = v.Elem()
	}
	if v.Kind() != reflect.Struct {
		return nil, &UsageError{Op: "EncodeForm", Problem: fmt.Sprintf("a form body must be a struct, not %T", body)}
	}
	out := url.Values{}
	t := v.Type()
	for i := 0; i < t.NumField(); i++ {
		sf := t.Field(i)
		tag, ok := sf.Tag.Lookup("form")
		if !ok || tag == "" {
			tag = sf.Tag.Get("json")
		}
		name, opts, _ := strings.Cut(tag, ",")
		if !sf.IsExported() || name == "-" || name == "" {
			continue
		}
		f := v.Field(i)
		if strings.Contains(opts, "omitempty") && f.IsZero() {
			continue
		}
		if err := addFormValue(out, name, f); err != nil {
			return nil, &UsageError{Op: "EncodeForm", Problem: fmt.Sprintf("field %s: %v", sf.Name, err)}
		}
	}
	return out, nil
}

// addFormValue adds the value of f under name. Named string types (such as
// globus.Secret and the enums) are read through reflect, which gives the
// underlying string and never calls String or Format.
func addFormValue(out url.Values, name string, f reflect.Value) error {
	switch f.Kind() {
	case reflect.Pointer, reflect.Interface:
		if f.IsNil() {
			return nil
		}
		return addFormValue(out, name, f.Elem())
	case reflect.String:
		out.Add(name, f.String())
	case reflect.Bool:
		out.Add(name, strconv.FormatBool(f.Bool()))
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		out.Add(name, strconv.FormatInt(f.Int(), 10))
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		out.Add(name, strconv.FormatUint(f.Uint(), 10))
	case reflect.Float32, reflect.Float64:
		out.Add(name, strconv.FormatFloat(f.Float(), 'g', -1, f.Type().Bits()))
	case reflect.Slice, reflect.Array:
		for i := 0; i < f.Len(); i++ {
			if err := addFormValue(out, name, f.Index(i)); err != nil {
				return err
			}
		}
	default:
		return fmt.Errorf("a %s cannot go in a form", f.Type())
	}
	return nil
}

// formBody encodes body with [EncodeForm] for a generated ...WithBody call.
func formBody(body any) (*strings.Reader, error) {
	vals, err := EncodeForm(body)
	if err != nil {
		return nil, err
	}
	return strings.NewReader(vals.Encode()), nil
}

// The form bodies this package sends; a compile-time reminder that
// EncodeForm must handle each.
var _ = []any{authapi.TokenRequest{}, authapi.TokenRevokeRequest{}, authapi.TokenIntrospectRequest{}}
