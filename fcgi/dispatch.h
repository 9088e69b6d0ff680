/* From a parsed request to a written response: route, body, credential,
 * tenant access, handler, log line. */
#ifndef FD_DISPATCH_H
#define FD_DISPATCH_H

#include "request.h"

void dispatch(req_t *r);

#endif
