#include "NoNetwork.h"

// Hidden: they stand in for libcurl only in a binary that links Foundation's networking into
// itself (the release build); where Foundation is a shared library, its libcurl is left alone.
#define STAND_IN __attribute__((visibility("hidden")))

// libcurl's codes for a handle that could not start, a multi handle gone wrong and a URL that
// could not be made.
enum { easyFailed = 2, multiFailed = 4, urlFailed = 7 };

STAND_IN int curl_global_init(long flags) { (void)flags; return easyFailed; }
STAND_IN char *curl_version(void) { return "none: this build of Rebound makes no network connections"; }
STAND_IN void *curl_version_info(int age) { (void)age; return 0; }
STAND_IN void curl_free(void *pointer) { (void)pointer; }

STAND_IN void *curl_easy_init(void) { return 0; }
STAND_IN void curl_easy_cleanup(void *easy) { (void)easy; }
STAND_IN int curl_easy_setopt(void *easy, int option, ...) { (void)easy; (void)option; return easyFailed; }
STAND_IN int curl_easy_getinfo(void *easy, int info, ...) { (void)easy; (void)info; return easyFailed; }
STAND_IN int curl_easy_pause(void *easy, int mask) { (void)easy; (void)mask; return easyFailed; }
STAND_IN const char *curl_easy_strerror(int code) { (void)code; return "this build of Rebound makes no network connections"; }

STAND_IN void *curl_multi_init(void) { return 0; }
STAND_IN int curl_multi_cleanup(void *multi) { (void)multi; return multiFailed; }
STAND_IN int curl_multi_add_handle(void *multi, void *easy) { (void)multi; (void)easy; return multiFailed; }
STAND_IN int curl_multi_remove_handle(void *multi, void *easy) { (void)multi; (void)easy; return multiFailed; }
STAND_IN int curl_multi_assign(void *multi, int socket, void *pointer) { (void)multi; (void)socket; (void)pointer; return multiFailed; }
STAND_IN int curl_multi_setopt(void *multi, int option, ...) { (void)multi; (void)option; return multiFailed; }
STAND_IN void *curl_multi_info_read(void *multi, int *left) {
    (void)multi;
    if (left) *left = 0;
    return 0;
}
STAND_IN int curl_multi_socket_action(void *multi, int socket, int mask, int *running) {
    (void)multi; (void)socket; (void)mask;
    if (running) *running = 0;
    return multiFailed;
}

STAND_IN void *curl_slist_append(void *list, const char *text) { (void)list; (void)text; return 0; }
STAND_IN void curl_slist_free_all(void *list) { (void)list; }

STAND_IN void *curl_url(void) { return 0; }
STAND_IN int curl_url_get(void *url, int part, char **text, unsigned flags) {
    (void)url; (void)part; (void)flags;
    if (text) *text = 0;
    return urlFailed;
}
STAND_IN int curl_url_set(void *url, int part, const char *text, unsigned flags) {
    (void)url; (void)part; (void)text; (void)flags;
    return urlFailed;
}
