//go:build race

package authorizers_test

func init() { raceEnabled = true }
