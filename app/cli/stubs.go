package cli

import (
	"context"
	"errors"
)

// Commands whose packages are still being built. Each moves to a file of
// its own when it lands.

var errNotYet = errors.New("this command is not available in this version yet")

func runReport(ctx context.Context, e *env, args []string) error { return errNotYet }
