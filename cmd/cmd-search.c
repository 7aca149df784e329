/* SPDX-License-Identifier: MIT
 * cmd-search.c - tcreg search TEXT: the contracts whose numbers, project or
 * parties contain the text, best match first, as a table or JSON.
 */
#include <getopt.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static const char *
s(json_t *o, const char *key)
{
	const char *v = json_string_value(json_object_get(o, key));
	return v ? v : "";
}

#define NCOLS 6

static void
cells_of(json_t *c, const char *cells[NCOLS], char id[24])
{
	snprintf(id, 24, "%lld", (long long)json_integer_value(json_object_get(c, "id")));
	cells[0] = id;
	cells[1] = s(c, "contract_no");
	cells[2] = s(c, "project_name");
	cells[3] = s(json_object_get(c, "seller"), "name");
	cells[4] = s(json_object_get(c, "buyer"), "name");
	cells[5] = cli_status_word(s(c, "status"));
}

/* the hits are few (--limit): read them all, then size the columns */
static void
print_table(json_t *hits)
{
	const char *head[NCOLS] = { _("ID"), _("Contract number"), _("Project"), _("Seller"), _("Buyer"), _("Status") };
	int w[NCOLS];
	for (int i = 0; i < NCOLS; i++)
		w[i] = cli_width(head[i]);
	size_t k;
	json_t *c;
	char id[24];
	const char *cells[NCOLS];
	json_array_foreach(hits, k, c) {
		cells_of(c, cells, id);
		for (int i = 0; i < NCOLS; i++)
			if (cli_width(cells[i]) > w[i])
				w[i] = cli_width(cells[i]);
	}
	for (int i = 0; i < NCOLS; i++) {
		cli_pad(stdout, head[i], i == NCOLS - 1 ? 0 : w[i]);
		fputs(i == NCOLS - 1 ? "\n" : "  ", stdout);
	}
	json_array_foreach(hits, k, c) {
		cells_of(c, cells, id);
		for (int i = 0; i < NCOLS; i++) {
			cli_pad(stdout, cells[i], i == NCOLS - 1 ? 0 : w[i]);
			fputs(i == NCOLS - 1 ? "\n" : "  ", stdout);
		}
	}
}

int
cmd_search(struct cli_ctx *ctx, int argc, char **argv)
{
	enum { O_JSON = 256, O_LIMIT };
	static const struct option opts[] = {
		{ "json", no_argument, NULL, O_JSON },
		{ "limit", required_argument, NULL, O_LIMIT },
		{ NULL, 0, NULL, 0 },
	};
	bool json = false;
	int limit = 50, c;
	while ((c = cli_getopt(ctx, argc, argv, "", opts)) != -1) {
		if (c == O_JSON) {
			json = true;
		} else if (c == O_LIMIT) {
			char *end;
			long n = strtol(optarg, &end, 10);
			if (*end || n < 1 || n > 100000)
				return cli_usage_error(ctx, _("--limit takes a number from 1 to 100000, not '%s'"), optarg);
			limit = (int)n;
		} else {
			return EXIT_USAGE;
		}
	}
	if (argc - optind != 1 || !*argv[optind])
		return cli_usage_error(ctx, "%s", _("what to look for? give one TEXT (quote it if it has spaces)"));
	int code = cli_open(ctx, false, true);
	if (code)
		return code;
	tcreg_cursor *cur;
	tcreg_status st = tcreg_contract_search(ctx->reg, argv[optind], limit, &cur);
	if (st != TCREG_OK)
		return cli_fail(ctx, st, NULL);
	json_t *hits = json_array();
	const char *row;
	while ((st = tcreg_cursor_next(cur, &row)) == TCREG_OK && row)
		json_array_append_new(hits, json_loads(row, 0, NULL));
	tcreg_cursor_free(cur);
	if (st != TCREG_OK) {
		json_decref(hits);
		return cli_fail(ctx, st, NULL);
	}
	if (json) {
		json_dumpf(hits, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
		fputc('\n', stdout);
	} else if (json_array_size(hits)) {
		print_table(hits);
	}
	cli_note(ctx, _("%zu contracts found"), json_array_size(hits));
	json_decref(hits);
	return EXIT_OK;
}
