package fakeglobus

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"time"
)

// Seed is the starting state of a Server, as the JSON seed file of the
// fakeglobus command holds it. Users and collections are named by
// username or id; every list may be empty.
type Seed struct {
	// User is the identity of Options.User: the one that logs in at the
	// authorization page and owns collections without an owner.
	User *SeedUser `json:"user,omitempty"`
	// Users are further identities.
	Users []SeedUser `json:"users,omitempty"`
	// Clients are the registered OAuth2 clients.
	Clients []SeedClient `json:"clients,omitempty"`
	// Collections are mapped and guest collections, in order (a guest
	// collection after its host).
	Collections []SeedCollection `json:"collections,omitempty"`
	// TaskPolls and TaskDuration (a Go duration, such as "2s") set the
	// Options of the same names.
	TaskPolls    int    `json:"task_polls,omitempty"`
	TaskDuration string `json:"task_duration,omitempty"`
}

// SeedUser is an identity of a seed.
type SeedUser struct {
	// ID is the identity id (a UUID).
	ID string `json:"id"`
	// Username is the identity username, such as alice@example.org.
	Username string `json:"username"`
	// Name, Email and Organization are shown in identity lookups and
	// OpenID Connect claims.
	Name         string `json:"name,omitempty"`
	Email        string `json:"email,omitempty"`
	Organization string `json:"organization,omitempty"`
}

// SeedClient is an OAuth2 client of a seed: confidential with a secret,
// a native app without.
type SeedClient struct {
	// ID is the client id.
	ID string `json:"id"`
	// Secret makes the client confidential.
	Secret string `json:"secret,omitempty"`
	// Scopes and DependentScopes are those of Client.
	Scopes          []string `json:"scopes,omitempty"`
	DependentScopes []string `json:"dependent_scopes,omitempty"`
}

// SeedCollection is a collection of a seed with its roles, access rules,
// directories and files.
type SeedCollection struct {
	// ID, DisplayName, Owner, Description, Keywords, Private, HostID and
	// HostPath are those of CollectionConfig.
	ID          string `json:"id"`
	DisplayName string `json:"display_name"`
	Owner       string `json:"owner,omitempty"`
	Description string `json:"description,omitempty"`
	Keywords    string `json:"keywords,omitempty"`
	Private     bool   `json:"private,omitempty"`
	HostID      string `json:"host_id,omitempty"`
	HostPath    string `json:"host_path,omitempty"`
	// Roles give identities (id or username) endpoint roles.
	Roles []struct {
		Identity string `json:"identity"`
		Role     string `json:"role"`
	} `json:"roles,omitempty"`
	// Access holds access rules: principal_type identity (with identity),
	// all_authenticated_users or anonymous; path a directory ending in
	// "/"; permissions r or rw.
	Access []struct {
		PrincipalType string `json:"principal_type"`
		Identity      string `json:"identity,omitempty"`
		Path          string `json:"path"`
		Permissions   string `json:"permissions"`
	} `json:"access,omitempty"`
	// Dirs are directories to create, with their parents.
	Dirs []string `json:"dirs,omitempty"`
	// Files are files to create, with their text content.
	Files []struct {
		Path    string `json:"path"`
		Content string `json:"content"`
	} `json:"files,omitempty"`
}

// SeedError is returned for a seed that cannot be read or applied.
type SeedError struct {
	// Item says which part of the seed is wrong, such as "clients[1]".
	Item string
	// Err is what is wrong with it.
	Err error
}

// Error implements error.
func (e *SeedError) Error() string {
	if e.Item == "" {
		return "fakeglobus: seed: " + e.Err.Error()
	}
	return "fakeglobus: seed " + e.Item + ": " + e.Err.Error()
}

// Unwrap returns the cause, such as ErrExists or ErrNotFound.
func (e *SeedError) Unwrap() error { return e.Err }

// ReadSeed decodes a JSON seed; unknown fields are an error, so that a
// misspelt key does not go unnoticed.
func ReadSeed(r io.Reader) (*Seed, error) {
	dec := json.NewDecoder(r)
	dec.DisallowUnknownFields()
	var sd Seed
	if err := dec.Decode(&sd); err != nil {
		return nil, &SeedError{Err: err}
	}
	if dec.More() {
		return nil, &SeedError{Err: errors.New("more than one JSON value")}
	}
	return &sd, nil
}

// ParseSeed is ReadSeed on a byte slice.
func ParseSeed(b []byte) (*Seed, error) { return ReadSeed(bytes.NewReader(b)) }

// Options returns base with the seed's user and task settings applied.
func (sd *Seed) Options(base Options) (Options, error) {
	if sd.User != nil {
		base.User = Identity(*sd.User)
	}
	if sd.TaskPolls > 0 {
		base.TaskPolls = sd.TaskPolls
	}
	if sd.TaskDuration != "" {
		d, err := time.ParseDuration(sd.TaskDuration)
		if err != nil || d < 0 {
			return base, &SeedError{Item: "task_duration", Err: fmt.Errorf("%w: %q is not a duration", ErrInvalid, sd.TaskDuration)}
		}
		base.TaskDuration = d
	}
	return base, nil
}

// Apply adds the seed's users, clients and collections to s. The seed's
// user and task settings go through Seed.Options when s is made.
func (s *Server) Apply(sd *Seed) error {
	for i, u := range sd.Users {
		if err := s.AddUser(Identity(u)); err != nil {
			return &SeedError{Item: fmt.Sprintf("users[%d]", i), Err: err}
		}
	}
	for i, c := range sd.Clients {
		if err := s.AddClient(Client(c)); err != nil {
			return &SeedError{Item: fmt.Sprintf("clients[%d]", i), Err: err}
		}
	}
	for i, c := range sd.Collections {
		item := fmt.Sprintf("collections[%d]", i)
		err := s.CreateCollection(CollectionConfig{ID: c.ID, DisplayName: c.DisplayName, Owner: c.Owner,
			Description: c.Description, Keywords: c.Keywords, Private: c.Private, HostID: c.HostID, HostPath: c.HostPath})
		if err != nil {
			return &SeedError{Item: item, Err: err}
		}
		for j, ro := range c.Roles {
			if err := s.AddRole(c.ID, ro.Identity, ro.Role); err != nil {
				return &SeedError{Item: fmt.Sprintf("%s.roles[%d]", item, j), Err: err}
			}
		}
		for j, a := range c.Access {
			if _, err := s.AddAccessRule(c.ID, a.PrincipalType, a.Identity, a.Path, a.Permissions); err != nil {
				return &SeedError{Item: fmt.Sprintf("%s.access[%d]", item, j), Err: err}
			}
		}
		for j, d := range c.Dirs {
			if err := s.Mkdir(c.ID, d); err != nil {
				return &SeedError{Item: fmt.Sprintf("%s.dirs[%d]", item, j), Err: err}
			}
		}
		for j, f := range c.Files {
			if err := s.PutFile(c.ID, f.Path, []byte(f.Content)); err != nil {
				return &SeedError{Item: fmt.Sprintf("%s.files[%d]", item, j), Err: err}
			}
		}
	}
	return nil
}
