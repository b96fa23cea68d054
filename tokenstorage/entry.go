package tokenstorage

import (
	"bytes"
	"encoding/json"
	"strconv"
	"time"

	"github.com/globus-go/globus"
	"github.com/globus-go/globus/authorizers"
)

// The keys of a token entry, as the Python SDK's TokenStorageData names
// its fields (src/globus_sdk/token_storage/token_data.py). Any other key of
// an entry is kept as it is when the entry is rewritten.
const (
	keyResourceServer = "resource_server"
	keyIdentityID     = "identity_id"
	keyScope          = "scope"
	keyAccessToken    = "access_token"
	keyRefreshToken   = "refresh_token"
	keyExpiresAt      = "expires_at_seconds"
	keyTokenType      = "token_type"
)

var knownKeys = [...]string{keyResourceServer, keyIdentityID, keyScope, keyAccessToken, keyRefreshToken, keyExpiresAt, keyTokenType}

// encodeEntry returns the JSON object of td, with the keys of old that this
// package does not know. Like TokenStorageData.to_dict, it leaves out the
// optional fields that are empty (identity_id, refresh_token, token_type)
// rather than write null.
func encodeEntry(td authorizers.TokenData, old json.RawMessage) (json.RawMessage, error) {
	obj := map[string]json.RawMessage{}
	if old != nil {
		// An old entry that is no JSON object has no keys to keep.
		if err := json.Unmarshal(old, &obj); err != nil || obj == nil {
			obj = map[string]json.RawMessage{}
		}
		for _, k := range knownKeys {
			delete(obj, k)
		}
	}
	obj[keyResourceServer] = jsonString(td.ResourceServer)
	obj[keyScope] = jsonString(td.Scope)
	obj[keyAccessToken] = jsonString(td.AccessToken.Reveal())
	obj[keyExpiresAt] = json.RawMessage(strconv.FormatInt(td.ExpiresAt.Unix(), 10))
	if td.IdentityID != "" {
		obj[keyIdentityID] = jsonString(td.IdentityID)
	}
	if rt := td.RefreshToken.Reveal(); rt != "" {
		obj[keyRefreshToken] = jsonString(rt)
	}
	if td.TokenType != "" {
		obj[keyTokenType] = jsonString(td.TokenType)
	}
	return marshal(obj)
}

// decodeEntry reads a token entry with the checks of TokenStorageData's
// validators: resource_server, scope and access_token are strings,
// expires_at_seconds an integer, identity_id, refresh_token and token_type
// strings or null (or absent). It returns what is wrong, naming the field
// and never its value, or "".
func decodeEntry(raw json.RawMessage) (authorizers.TokenData, string) {
	obj, problem := entryObject(raw)
	if problem != "" {
		return authorizers.TokenData{}, problem
	}
	var td authorizers.TokenData
	var s string
	var ok bool
	if td.ResourceServer, ok = reqString(obj, keyResourceServer); !ok {
		return td, "'" + keyResourceServer + "' must be a string"
	}
	if td.Scope, ok = reqString(obj, keyScope); !ok {
		return td, "'" + keyScope + "' must be a string"
	}
	if s, ok = reqString(obj, keyAccessToken); !ok {
		return td, "'" + keyAccessToken + "' must be a string"
	}
	td.AccessToken = globus.Secret(s)
	if s, ok = optString(obj, keyRefreshToken); !ok {
		return td, "'" + keyRefreshToken + "' must be a string or null"
	}
	td.RefreshToken = globus.Secret(s)
	if td.IdentityID, ok = optString(obj, keyIdentityID); !ok {
		return td, "'" + keyIdentityID + "' must be a string or null"
	}
	if td.TokenType, ok = optString(obj, keyTokenType); !ok {
		return td, "'" + keyTokenType + "' must be a string or null"
	}
	sec, err := strconv.ParseInt(string(bytes.TrimSpace(obj[keyExpiresAt])), 10, 64)
	if err != nil {
		return td, "'" + keyExpiresAt + "' must be an int"
	}
	td.ExpiresAt = time.Unix(sec, 0).UTC()
	return td, ""
}

// entryIdentity returns an entry's identity_id, "" when it has none.
func entryIdentity(raw json.RawMessage) (string, string) {
	obj, problem := entryObject(raw)
	if problem != "" {
		return "", problem
	}
	id, ok := optString(obj, keyIdentityID)
	if !ok {
		return "", "'" + keyIdentityID + "' must be a string or null"
	}
	return id, ""
}

func entryObject(raw json.RawMessage) (map[string]json.RawMessage, string) {
	var obj map[string]json.RawMessage
	if !isObject(raw) || json.Unmarshal(raw, &obj) != nil {
		return nil, "token entry is not a JSON object"
	}
	return obj, ""
}

func reqString(obj map[string]json.RawMessage, key string) (string, bool) {
	v, ok := obj[key]
	if !ok || !isString(v) {
		return "", false
	}
	var s string
	return s, json.Unmarshal(v, &s) == nil
}

func optString(obj map[string]json.RawMessage, key string) (string, bool) {
	v, ok := obj[key]
	if !ok || isNull(v) {
		return "", true
	}
	return reqString(obj, key)
}

func isObject(b []byte) bool {
	b = bytes.TrimSpace(b)
	return len(b) > 0 && b[0] == '{'
}

func isString(b []byte) bool {
	b = bytes.TrimSpace(b)
	return len(b) > 0 && b[0] == '"'
}

func isNull(b []byte) bool { return bytes.Equal(bytes.TrimSpace(b), []byte("null")) }

// jsonString encodes s as a JSON string, without HTML escaping.
func jsonString(s string) json.RawMessage {
	b, _ := marshal(s) // a string always encodes
	return b
}

// marshal encodes v without HTML escaping and without the encoder's
// trailing newline.
func marshal(v any) (json.RawMessage, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n")), nil
}
