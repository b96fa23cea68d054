// Package tokenstorage keeps tokens between runs of a program, in memory, in
// a JSON file or in a SQLite database, and renews them through the storage so
// that several processes can share one login.
//
// The JSON and SQLite files are those of the Python SDK (globus-sdk 4.x,
// JSONTokenStorage and SQLiteTokenStorage): a file written by a Python tool
// is read here and the other way round, and what this package does not know
// (other keys of a token entry, other top-level keys, other namespaces, other
// tables) is kept when it rewrites the file.
//
// Every storage is partitioned by a namespace ([WithNamespace], "DEFAULT" by
// default) and, within it, by resource server. Every storage is safe for
// concurrent use by goroutines, and the file storages also across processes
// of one host: a JSON file is rewritten under an exclusive lock on a
// separate ".lock" file, through a temporary file that is synced and renamed
// over it, so that a reader never sees a torn file; a SQLite database is
// written in transactions. Files are created with mode 0600 and the
// directories the package creates with mode 0700.
//
// Like the Python SDK's ValidatingTokenStorage, every storage refuses tokens
// of another identity than the one already stored in its namespace, with an
// [*IdentityMismatchError]; the check is made under the same lock as the
// write, so it also holds between processes.
//
// [NewRefreshTokenAuthorizer] renews an access token through a storage: under
// the storage's lock it re-reads the stored token, uses one that another
// process already renewed, and otherwise spends the stored refresh token and
// stores the answer (the rotated refresh token included) before anyone uses
// it. Two processes sharing one storage and one refresh token therefore never
// spend a refresh token the other has already rotated.
//
// Tokens are [globus.Secret]s in [authorizers.TokenData]; this package reveals
// them only to write them into the storage, and its errors never contain one.
package tokenstorage
