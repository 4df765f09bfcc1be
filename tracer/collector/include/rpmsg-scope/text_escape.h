/* SPDX-License-Identifier: MIT */
/* Moved: rpmsg_text_escape() lives in common/ (rpmsg-scope/text.h). Kept until every includer moves. */
#ifndef RPMSG_SCOPE_TEXT_ESCAPE_H
#define RPMSG_SCOPE_TEXT_ESCAPE_H
#include <rpmsg-scope/text.h>
#endif /* RPMSG_SCOPE_TEXT_ESCAPE_H */
