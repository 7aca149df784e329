/* SPDX-License-Identifier: MIT
 * status.c - text of the status codes.
 */
#include "tcreg-private.h"

static const char *const texts[TCREG_STATUS_LAST] = {
	[TCREG_OK] = N_("success"),
	[TCREG_ERR_NOMEM] = N_("out of memory"),
	[TCREG_ERR_IO] = N_("input/output error"),
	[TCREG_ERR_NOINPUT] = N_("input file missing or unreadable"),
	[TCREG_ERR_CANTCREAT] = N_("cannot create output file"),
	[TCREG_ERR_INVALID] = N_("invalid data"),
	[TCREG_ERR_NOT_FOUND] = N_("no such contract"),
	[TCREG_ERR_AMBIGUOUS] = N_("ambiguous contract ID"),
	[TCREG_ERR_STATE] = N_("the contract's state does not allow this"),
	[TCREG_ERR_BUSY] = N_("registry is busy"),
	[TCREG_ERR_DB] = N_("registry error"),
	[TCREG_ERR_TOO_NEW] = N_("registry was made by a newer tcreg"),
	[TCREG_ERR_USAGE] = N_("invalid argument"),
	[TCREG_ERR_DENIED] = N_("not permitted"),
	[TCREG_ERR_CONFIG] = N_("configuration error"),
	[TCREG_ERR_INTERNAL] = N_("internal error"),
};

const char *
tcreg_strerror(tcreg_status st)
{
	if ((int)st < 0 || st >= TCREG_STATUS_LAST)
		return N_("unknown status");
	return texts[st];
}
