package auth

import "time"

// SetKeyRefreshInterval lets tests shorten the least time between two
// fetches of the signing keys caused by unknown key ids.
func SetKeyRefreshInterval(c *NativeAppClient, d time.Duration) {
	c.verifierMu.Lock()
	defer c.verifierMu.Unlock()
	c.keyRefreshEvery = d
}
