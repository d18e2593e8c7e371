// Thin shim over ICU. ICU's function names are version-suffixed macros (u_foo_72) that
// Swift cannot import; these wrappers have stable names and take UTF-8 directly.
#ifndef CICU_H
#define CICU_H
#include <stdint.h>

enum { DL_NFC = 0, DL_NFKC_CASEFOLD = 1, DL_NFD = 2, DL_NFKC = 3 };

/// 1 when the UTF-8 text is already in the normalization form, 0 when not, -1 on error.
int32_t dl_icu_is_normalized(int32_t form, const char *utf8, int32_t len);
/// Normalizes UTF-8 into `out` (capacity `cap`). Returns the UTF-8 length needed
/// (greater than cap when the buffer was too small) or -1 on error.
int32_t dl_icu_normalize(int32_t form, const char *utf8, int32_t len, char *out, int32_t cap);
/// UScriptCode of a code point (0 common, 1 inherited, 25 Latin, 8 Cyrillic, 14 Greek, ...).
int32_t dl_icu_script(uint32_t cp);
/// Writes the script's short name (e.g. "Latn") into buf.
void dl_icu_script_name(int32_t script, char *buf, int32_t cap);
/// uspoof check bits for the string (0 = nothing suspicious), -1 on error.
/// Checks mixed-script confusables and restriction level (single script or highly restrictive).
int32_t dl_icu_spoof_check(const char *utf8, int32_t len);
/// The confusable skeleton (UTS #39) of a string; returns length needed or -1.
int32_t dl_icu_skeleton(const char *utf8, int32_t len, char *out, int32_t cap);
/// General category (UCharCategory) of a code point.
int32_t dl_icu_char_type(uint32_t cp);
uint32_t dl_icu_to_lower(uint32_t cp);
uint32_t dl_icu_to_upper(uint32_t cp);
int32_t dl_icu_is_alphabetic(uint32_t cp);

#endif
