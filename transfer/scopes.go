package transfer

// ResourceServer is the name under which Globus Auth issues Transfer
// tokens: the key of a Transfer token in a token response's
// ByResourceServer map.
const ResourceServer = "transfer.api.globus.org"

// ScopeAll is the scope that grants full use of the Transfer API. Ask for
// it when logging in (auth.AuthorizeParams.Scopes) or with client
// credentials. Collections that need data_access consent take it as a
// dependent scope: see [ScopeAllWithDataAccess].
const ScopeAll = "urn:globus:auth:scope:transfer.api.globus.org:all"

// ScopeAllWithDataAccess returns the Transfer scope with the data_access
// scope of each given mapped collection (GCS v5) as a dependency, which such
// collections require before they let the caller list or move files:
// urn:globus:auth:scope:transfer.api.globus.org:all[*https://auth.globus.org/scopes/<id>/data_access ...].
// With no collection ids it returns [ScopeAll].
func ScopeAllWithDataAccess(collectionIDs ...string) string {
	if len(collectionIDs) == 0 {
		return ScopeAll
	}
	s := ScopeAll + "["
	for i, id := range collectionIDs {
		if i > 0 {
			s += " "
		}
		s += "*https://auth.globus.org/scopes/" + id + "/data_access"
	}
	return s + "]"
}
