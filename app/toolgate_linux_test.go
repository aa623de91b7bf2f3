package app

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"golang.org/x/sys/unix"
)

// goTestOutput returns the output of the `go test` that runs this
// binary when that command keeps this binary's output to itself (a package
// that passes, without -v, in package-list mode), or nil: under another
// parent (go test -exec, a test running this binary), when the go command
// passes this binary its own output (go test without package arguments), or
// when writing there is not known to be safe.
func goTestOutput() *os.File {
	ppid := os.Getppid()
	proc := fmt.Sprintf("/proc/%d/", ppid)
	if exe, err := os.Readlink(proc + "exe"); err != nil || filepath.Base(exe) != "go" {
		return nil
	}
	cmdline, err := os.ReadFile(proc + "cmdline")
	if err != nil {
		return nil
	}
	args := strings.Split(strings.TrimSuffix(string(cmdline), "\x00"), "\x00")
	if len(args) > 2 && args[1] == "-C" {
		args = slices.Delete(args, 1, 3)
	} else if len(args) > 1 && strings.HasPrefix(args[1], "-C=") {
		args = slices.Delete(args, 1, 2)
	}
	if len(args) < 2 || args[1] != "test" {
		return nil
	}
	theirs, err := os.Stat(proc + "fd/1")
	if err != nil {
		return nil
	}
	if ours, err := os.Stdout.Stat(); err == nil && os.SameFile(ours, theirs) {
		return nil
	}
	// the go command's own descriptor shares its offset, so even a file it
	// writes without O_APPEND gets these lines in order (where the kernel
	// lets a process take its parent's descriptors)
	if pidfd, err := unix.PidfdOpen(ppid, 0); err == nil {
		fd, err := unix.PidfdGetfd(pidfd, 1, 0)
		_ = unix.Close(pidfd)
		if err == nil {
			return os.NewFile(uintptr(fd), "go test's stdout")
		}
	}
	// else the file opened anew: safe for a terminal or a pipe, and for a
	// file only when every write appends, or the go command's next lines
	// would overwrite these; its standard error is the next best place
	for _, fd := range []string{"1", "2"} {
		info, err := os.Stat(proc + "fd/" + fd)
		if err != nil || info.Mode().IsRegular() && !appends(proc+"fdinfo/"+fd) {
			continue
		}
		if f, err := os.OpenFile(proc+"fd/"+fd, os.O_WRONLY|os.O_APPEND, 0); err == nil {
			return f
		}
	}
	return nil
}

// appends reports whether the open file described by fdinfo has O_APPEND.
func appends(fdinfo string) bool {
	info, err := os.ReadFile(fdinfo)
	if err != nil {
		return false
	}
	for line := range strings.SplitSeq(string(info), "\n") {
		if v, ok := strings.CutPrefix(line, "flags:"); ok {
			flags, err := strconv.ParseUint(strings.TrimSpace(v), 8, 64)
			return err == nil && flags&unix.O_APPEND != 0
		}
	}
	return false
}
