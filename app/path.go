package app

import (
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/globus-go/globus"
)

// DefaultTokenPath returns where the apps of this package, and the Python
// SDK's GlobusApp, keep the tokens of the app named name with client
// clientID when no other storage is given:
//
//	~/.globus/app/{clientID}/{slug of name}/tokens.json
//
// on Linux, macOS and the other Unix systems, and
// %LOCALAPPDATA%\globus\app\{clientID}\{slug}\tokens.json on Windows
// (%APPDATA% when LOCALAPPDATA is unset, else ~\AppData\Local). In any
// environment but production (GLOBUS_SDK_ENVIRONMENT, see
// [globus.Environment]) the file name is prefixed by the environment's
// name: sandbox-tokens.json. The home directory is os.UserHomeDir's ($HOME
// on Unix).
//
// The slug is the name as the Python SDK's _slugify_app_name makes it:
// the characters < > : " / \ | ? * become "+", dots and spaces become "-",
// characters that are not printable are dropped, and the result is lower
// case (Go's simple case mapping, which differs from Python's for the few
// letters whose lower case is longer, such as "İ"). A name that is empty
// after this, or that is a reserved file name of Windows (con, prn, aux,
// nul, com0-com9, lpt0-lpt9), gives a *globus.UsageError, as in Python.
// An empty clientID, or one holding a path separator or "..", is refused
// the same way.
func DefaultTokenPath(name, clientID string) (string, error) {
	return defaultTokenPath(name, clientID, runtime.GOOS, os.Getenv, os.UserHomeDir)
}

func defaultTokenPath(name, clientID, goos string, getenv func(string) string, home func() (string, error)) (string, error) {
	const op = "app.DefaultTokenPath"
	slug, err := slugifyAppName(name)
	if err != nil {
		return "", err
	}
	if clientID == "" || clientID == "." || clientID == ".." || strings.ContainsAny(clientID, `/\`) {
		return "", &globus.UsageError{Op: op, Problem: "the client ID is empty or is not one path segment"}
	}
	env, err := globus.Environment()
	if err != nil {
		return "", &globus.UsageError{Op: op, Problem: err.Error(), Err: err}
	}
	file := "tokens.json"
	if env != globus.ProductionEnvironment {
		file = env + "-" + file
	}
	if goos == "windows" {
		dir := getenv("LOCALAPPDATA")
		if dir == "" {
			dir = getenv("APPDATA")
		}
		if dir == "" {
			h, err := home()
			if err != nil {
				return "", &globus.UsageError{Op: op, Problem: "no home directory: " + err.Error(), Err: err}
			}
			dir = filepath.Join(h, "AppData", "Local")
		}
		return filepath.Join(dir, "globus", "app", clientID, slug, file), nil
	}
	h, err := home()
	if err != nil {
		return "", &globus.UsageError{Op: op, Problem: "no home directory: " + err.Error(), Err: err}
	}
	return filepath.Join(h, ".globus", "app", clientID, slug, file), nil
}

// slugifyAppName makes a directory name of an app name, as the Python SDK's
// _slugify_app_name does.
func slugifyAppName(name string) (string, error) {
	const op = "app.DefaultTokenPath"
	var b strings.Builder
	for _, r := range name {
		switch {
		case strings.ContainsRune(`<>:"/\|?*`, r):
			b.WriteByte('+')
		case r == '.' || r == ' ':
			b.WriteByte('-')
		case !unicode.IsPrint(r):
			// Python's str.isprintable: letters, marks, numbers,
			// punctuation, symbols and the ASCII space, as unicode.IsPrint.
			// (Bytes that are not UTF-8 read as U+FFFD, which is kept.)
		default:
			b.WriteRune(r)
		}
	}
	slug := strings.ToLower(b.String())
	if slug == "" {
		return "", &globus.UsageError{Op: op, Problem: "the app name is empty once made into a file name; choose another name"}
	}
	if reservedFileName(slug) {
		return "", &globus.UsageError{Op: op, Problem: "the app name makes the reserved file name " + slug + "; choose another name"}
	}
	return slug, nil
}

// reservedFileName reports whether s is fully matched by the Python SDK's
// pattern con|prn|aux|nul|com\d|lpt\d, where \d is any Unicode decimal
// digit.
func reservedFileName(s string) bool {
	switch s {
	case "con", "prn", "aux", "nul":
		return true
	}
	for _, p := range []string{"com", "lpt"} {
		if rest, ok := strings.CutPrefix(s, p); ok {
			r, size := utf8.DecodeRuneInString(rest)
			if size > 0 && size == len(rest) && unicode.IsDigit(r) {
				return true
			}
		}
	}
	return false
}
