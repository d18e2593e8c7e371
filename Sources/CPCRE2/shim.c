#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <stdlib.h>
#include <string.h>
#include "CPCRE2.h"
#if defined(__GLIBC__)
#include <malloc.h>
#endif

struct dl_regex {
    pcre2_code *code;
    pcre2_match_context *mctx;
    int jit;
};

struct dl_match {
    pcre2_match_data *data;
    pcre2_match_context *mctx; /* private copy: the JIT stack assignment is per thread */
    pcre2_jit_stack *stack;
};

dl_regex *dl_regex_compile(const char *pattern, size_t len, uint32_t flags,
                           uint32_t match_limit, uint32_t depth_limit,
                           int *errcode, size_t *erroffset, char *errbuf, size_t errbuflen) {
    uint32_t options = PCRE2_UTF | PCRE2_UCP | PCRE2_MATCH_INVALID_UTF;
    if (flags & DL_RE_CASELESS) options |= PCRE2_CASELESS;
    if (flags & DL_RE_MULTILINE) options |= PCRE2_MULTILINE;
    if (flags & DL_RE_ANCHORED) options |= PCRE2_ANCHORED;
    int ec = 0;
    PCRE2_SIZE eo = 0;
    pcre2_code *code = pcre2_compile((PCRE2_SPTR)pattern, len, options, &ec, &eo, NULL);
    if (!code) {
        *errcode = ec;
        *erroffset = eo;
        if (errbuf && errbuflen) pcre2_get_error_message(ec, (PCRE2_UCHAR *)errbuf, errbuflen);
        return NULL;
    }
    dl_regex *re = calloc(1, sizeof *re);
    if (!re) { pcre2_code_free(code); *errcode = PCRE2_ERROR_NOMEMORY; return NULL; }
    re->code = code;
    re->jit = pcre2_jit_compile(code, PCRE2_JIT_COMPLETE) == 0;
    re->mctx = pcre2_match_context_create(NULL);
    pcre2_set_match_limit(re->mctx, match_limit);
    pcre2_set_depth_limit(re->mctx, depth_limit);
    return re;
}

void dl_regex_free(dl_regex *re) {
    if (!re) return;
    pcre2_match_context_free(re->mctx);
    pcre2_code_free(re->code);
    free(re);
}

uint32_t dl_regex_capture_count(const dl_regex *re) {
    uint32_t n = 0;
    pcre2_pattern_info(re->code, PCRE2_INFO_CAPTURECOUNT, &n);
    return n;
}

int dl_regex_group_index(const dl_regex *re, const char *name) {
    int n = pcre2_substring_number_from_name(re->code, (PCRE2_SPTR)name);
    return n < 0 ? -1 : n;
}

int dl_regex_is_jit(const dl_regex *re) { return re->jit; }

int dl_regex_required_byte(const dl_regex *re) {
    uint32_t type = 0, unit = 0, opts = 0;
    pcre2_pattern_info(re->code, PCRE2_INFO_ALLOPTIONS, &opts);
    int caseless = (opts & PCRE2_CASELESS) != 0;
    int cand = -1;
    if (pcre2_pattern_info(re->code, PCRE2_INFO_LASTCODETYPE, &type) == 0 && type == 1 &&
        pcre2_pattern_info(re->code, PCRE2_INFO_LASTCODEUNIT, &unit) == 0) cand = (int)unit;
    else if (pcre2_pattern_info(re->code, PCRE2_INFO_FIRSTCODETYPE, &type) == 0 && type == 1 &&
             pcre2_pattern_info(re->code, PCRE2_INFO_FIRSTCODEUNIT, &unit) == 0) cand = (int)unit;
    if (cand < 0 || cand > 0xFF) return -1;
    if (caseless && ((cand >= 'a' && cand <= 'z') || (cand >= 'A' && cand <= 'Z') || cand >= 0x80)) return -1;
    return cand;
}

dl_match *dl_match_create(const dl_regex *re) {
    dl_match *m = calloc(1, sizeof *m);
    if (!m) return NULL;
    m->data = pcre2_match_data_create_from_pattern(re->code, NULL);
    /* A private JIT stack per match object keeps threads independent and lets deep
       patterns run until the depth/match limits, not the default 32 KiB stack. */
    m->stack = pcre2_jit_stack_create(32 * 1024, 1024 * 1024, NULL);
    m->mctx = pcre2_match_context_copy(re->mctx);
    if (m->stack) pcre2_jit_stack_assign(m->mctx, NULL, m->stack);
    return m;
}

void dl_match_free(dl_match *m) {
    if (!m) return;
    pcre2_match_data_free(m->data);
    pcre2_match_context_free(m->mctx);
    if (m->stack) pcre2_jit_stack_free(m->stack);
    free(m);
}

int dl_regex_match(const dl_regex *re, const uint8_t *subject, size_t len, size_t start,
                   dl_match *m) {
    int rc = pcre2_match(re->code, (PCRE2_SPTR)subject, len, start, 0, m->data, m->mctx);
    if (rc == PCRE2_ERROR_NOMATCH) return 0;
    if (rc == 0) return (int)pcre2_get_ovector_count(m->data);
    return rc;
}

const size_t *dl_match_ovector(const dl_match *m) { return pcre2_get_ovector_pointer(m->data); }

void dl_regex_error_message(int code, char *buf, size_t buflen) {
    pcre2_get_error_message(code, (PCRE2_UCHAR *)buf, buflen);
}

int dl_release_free_memory(void) {
#if defined(__GLIBC__)
    return malloc_trim(0);
#else
    return 0;
#endif
}
