#include <pthread.h>
#include <stdlib.h>
#include <unicode/uchar.h>
#include <unicode/unorm2.h>
#include <unicode/uscript.h>
#include <unicode/uspoof.h>
#include <unicode/ustring.h>
#include "CICU.h"

static const UNormalizer2 *normalizer(int32_t form, UErrorCode *ec) {
    switch (form) {
    case DL_NFC: return unorm2_getNFCInstance(ec);
    case DL_NFKC_CASEFOLD: return unorm2_getNFKCCasefoldInstance(ec);
    case DL_NFD: return unorm2_getNFDInstance(ec);
    default: return unorm2_getNFKCInstance(ec);
    }
}

/* UTF-8 -> freshly allocated UTF-16; caller frees. */
static UChar *to_utf16(const char *utf8, int32_t len, int32_t *out_len) {
    UErrorCode ec = U_ZERO_ERROR;
    int32_t need = 0;
    u_strFromUTF8WithSub(NULL, 0, &need, utf8, len, 0xFFFD, NULL, &ec);
    if (ec != U_BUFFER_OVERFLOW_ERROR && U_FAILURE(ec)) return NULL;
    UChar *buf = malloc(sizeof(UChar) * (size_t)(need + 1));
    if (!buf) return NULL;
    ec = U_ZERO_ERROR;
    u_strFromUTF8WithSub(buf, need + 1, out_len, utf8, len, 0xFFFD, NULL, &ec);
    if (U_FAILURE(ec)) { free(buf); return NULL; }
    return buf;
}

static int32_t from_utf16(const UChar *s, int32_t len, char *out, int32_t cap) {
    UErrorCode ec = U_ZERO_ERROR;
    int32_t need = 0;
    u_strToUTF8WithSub(out, cap, &need, s, len, 0xFFFD, NULL, &ec);
    if (ec == U_BUFFER_OVERFLOW_ERROR || ec == U_STRING_NOT_TERMINATED_WARNING) return need;
    if (U_FAILURE(ec)) return -1;
    return need;
}

int32_t dl_icu_is_normalized(int32_t form, const char *utf8, int32_t len) {
    UErrorCode ec = U_ZERO_ERROR;
    const UNormalizer2 *n = normalizer(form, &ec);
    if (U_FAILURE(ec)) return -1;
    int32_t ulen = 0;
    UChar *u = to_utf16(utf8, len, &ulen);
    if (!u) return -1;
    UBool ok = unorm2_isNormalized(n, u, ulen, &ec);
    free(u);
    return U_FAILURE(ec) ? -1 : (ok ? 1 : 0);
}

int32_t dl_icu_normalize(int32_t form, const char *utf8, int32_t len, char *out, int32_t cap) {
    UErrorCode ec = U_ZERO_ERROR;
    const UNormalizer2 *n = normalizer(form, &ec);
    if (U_FAILURE(ec)) return -1;
    int32_t ulen = 0;
    UChar *u = to_utf16(utf8, len, &ulen);
    if (!u) return -1;
    int32_t need = unorm2_normalize(n, u, ulen, NULL, 0, &ec);
    if (ec != U_BUFFER_OVERFLOW_ERROR && U_FAILURE(ec)) { free(u); return -1; }
    UChar *norm = malloc(sizeof(UChar) * (size_t)(need + 1));
    if (!norm) { free(u); return -1; }
    ec = U_ZERO_ERROR;
    int32_t nlen = unorm2_normalize(n, u, ulen, norm, need + 1, &ec);
    free(u);
    if (U_FAILURE(ec)) { free(norm); return -1; }
    int32_t r = from_utf16(norm, nlen, out, cap);
    free(norm);
    return r;
}

int32_t dl_icu_script(uint32_t cp) {
    UErrorCode ec = U_ZERO_ERROR;
    UScriptCode s = uscript_getScript((UChar32)cp, &ec);
    return U_FAILURE(ec) ? -1 : (int32_t)s;
}

void dl_icu_script_name(int32_t script, char *buf, int32_t cap) {
    const char *name = uscript_getShortName((UScriptCode)script);
    int32_t i = 0;
    if (name) for (; name[i] && i < cap - 1; i++) buf[i] = name[i];
    if (cap > 0) buf[i] = 0;
}

static USpoofChecker *checker;
static pthread_once_t checker_once = PTHREAD_ONCE_INIT;

static void make_checker(void) {
    UErrorCode ec = U_ZERO_ERROR;
    USpoofChecker *c = uspoof_open(&ec);
    if (U_FAILURE(ec)) return;
    uspoof_setChecks(c, USPOOF_MIXED_SCRIPT_CONFUSABLE | USPOOF_RESTRICTION_LEVEL, &ec);
    uspoof_setRestrictionLevel(c, USPOOF_HIGHLY_RESTRICTIVE);
    if (U_FAILURE(ec)) { uspoof_close(c); return; }
    checker = c; /* a configured checker is safe to use from several threads */
}

int32_t dl_icu_spoof_check(const char *utf8, int32_t len) {
    pthread_once(&checker_once, make_checker);
    if (!checker) return -1;
    UErrorCode ec = U_ZERO_ERROR;
    int32_t r = uspoof_checkUTF8(checker, utf8, len, NULL, &ec);
    return U_FAILURE(ec) ? -1 : r;
}

int32_t dl_icu_skeleton(const char *utf8, int32_t len, char *out, int32_t cap) {
    pthread_once(&checker_once, make_checker);
    if (!checker) return -1;
    UErrorCode ec = U_ZERO_ERROR;
    int32_t need = uspoof_getSkeletonUTF8(checker, 0, utf8, len, out, cap, &ec);
    if (ec == U_BUFFER_OVERFLOW_ERROR || ec == U_STRING_NOT_TERMINATED_WARNING) return need;
    return U_FAILURE(ec) ? -1 : need;
}

int32_t dl_icu_char_type(uint32_t cp) { return (int32_t)u_charType((UChar32)cp); }
uint32_t dl_icu_to_lower(uint32_t cp) { return (uint32_t)u_tolower((UChar32)cp); }
uint32_t dl_icu_to_upper(uint32_t cp) { return (uint32_t)u_toupper((UChar32)cp); }
int32_t dl_icu_is_alphabetic(uint32_t cp) { return u_isUAlphabetic((UChar32)cp) ? 1 : 0; }
