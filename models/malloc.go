//go:build cgo

package models

/*
#include <stdlib.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif

static void keep_freed_memory(int bytes) {
#ifdef __GLIBC__
	mallopt(M_TRIM_THRESHOLD, bytes);
#endif
}
*/
import "C"

import "sync"

// keepFreedMemory stops the C allocator from handing freed memory back to the
// kernel as soon as it has some. SQLite empties a reader's page cache each
// time another connection has committed, which under a run of supports is
// hundreds of times a second; glibc then returned the pages (madvise, which
// interrupts every core to flush its TLB) and faulted them in again on the
// next read. A cache is at most 4 MB (cache_size), so an arena keeps up to
// 8 MB of freed memory for reuse before it gives any back.
var keepFreedMemory = sync.OnceFunc(func() { C.keep_freed_memory(8 << 20) })
