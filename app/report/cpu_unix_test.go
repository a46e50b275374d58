//go:build unix

package report

import (
	"syscall"
	"time"
)

// processCPU is the CPU time the process has used, user and system, on
// every thread: the batch benchmarks report it beside the wall clock,
// which on a shared machine measures the other users as much as the batch.
func processCPU() time.Duration {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
