// Thin shim over PCRE2 (8-bit code units, UTF mode). PCRE2's public names are
// width-suffixed macros that Swift cannot import, so the few calls digestlint
// needs are wrapped here with plain C names and plain C types.
#ifndef CPCRE2_H
#define CPCRE2_H
#include <stddef.h>
#include <stdint.h>

typedef struct dl_regex dl_regex;
typedef struct dl_match dl_match;

enum {
    DL_RE_CASELESS = 1u << 0,
    DL_RE_MULTILINE = 1u << 1,
    /* Matches only at the start offset (compiled in, so the JIT still serves it). */
    DL_RE_ANCHORED = 1u << 2,
};

/// Compiles `pattern` (UTF-8, `len` bytes) in UTF mode, tolerant of invalid UTF-8 subjects,
/// and JIT-compiles it when the JIT is available. On failure returns NULL, sets *errcode,
/// *erroffset (byte offset in the pattern) and writes a message into errbuf.
dl_regex *dl_regex_compile(const char *pattern, size_t len, uint32_t flags,
                           uint32_t match_limit, uint32_t depth_limit,
                           int *errcode, size_t *erroffset, char *errbuf, size_t errbuflen);
void dl_regex_free(dl_regex *re);
uint32_t dl_regex_capture_count(const dl_regex *re);
/// Index of a named group, or -1.
int dl_regex_group_index(const dl_regex *re, const char *name);
int dl_regex_is_jit(const dl_regex *re);
/* A byte every match must contain (PCRE2's required or fixed first code unit), or -1. Caseless
   patterns report -1 for letters. */
int dl_regex_required_byte(const dl_regex *re);

/// Match data (with its own match context and JIT stack) for one thread; reuse it across
/// matches of the same regex, never share it between threads.
dl_match *dl_match_create(const dl_regex *re);
void dl_match_free(dl_match *m);

/// Matches from byte offset `start`. Returns the number of captured pairs (>0) on a match,
/// 0 when there is none, or a negative PCRE2 error code (match limit, depth limit, ...).
int dl_regex_match(const dl_regex *re, const uint8_t *subject, size_t len, size_t start,
                   dl_match *m);
/// Pointer to the ovector: pairs of byte offsets; unset groups hold SIZE_MAX.
const size_t *dl_match_ovector(const dl_match *m);
/// Writes the message of a PCRE2 error code.
void dl_regex_error_message(int code, char *buf, size_t buflen);

/// Returns memory freed by the process's heaps to the system (glibc malloc_trim); 0 elsewhere.
/// Streamed runs call it between chunks so that every worker's heap does not keep its high-water mark.
int dl_release_free_memory(void);

#endif
