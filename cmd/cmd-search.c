/* SPDX-License-Identifier: MIT
 * cmd-search.c - tcreg search TEXT: the contracts a clerk means by a piece
 * of a number, a project or a party, best first, as a table or JSON; a last
 * line says how many more matched.
 */
#include <getopt.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "tcreg/tcreg-tree.h"

enum { O_JSON = 256, O_LIMIT, O_REBUILD, O_POINT };

static const struct cli_option search_options[] = {
	{ .arg = N_("TEXT"),
	  .help = N_("a contract or registration number or a credit code, whole\n"
		     "or its beginning; or a part of a project's or a party's\n"
		     "name, one character or more; or a short form of a\n"
		     "party's name (哈工大)") },
	{ .name = "limit", .arg = N_("N"), .id = O_LIMIT,
	  .help = N_("at most N contracts, best first (default 20)") },
	{ .name = "json", .id = O_JSON,
	  .help = N_("{\"text\", \"contracts\": [...], \"more\", \"more_at_least\"}") },
	{ .name = "rebuild", .id = O_REBUILD,
	  .help = N_("build the indexes anew (rows added outside tcreg, a damaged index)") },
	{ .name = "point", .arg = N_("CODE"), .id = O_POINT,
	  .help = N_("only the contracts filed at that registration point") },
	{ 0 },
};

const struct cli_command cli_cmd_search = {
	.name = "search",
	.fn = cmd_search,
	.summary = N_("find contracts by a part of a number, a project or a party"),
	.synopsis = N_("usage: tcreg search [--limit N] [--json] TEXT\n"
		      "   or: tcreg search --rebuild\n"),
	.options = search_options,
};

#define NCOLS 6

/* A row: each value as it is, never cut (a long one widens the column);
 * the texts point into the contract's JSON. */
static void
cells_of(json_t *c, const char *cells[NCOLS], char id[24])
{
	snprintf(id, 24, "%lld", cli_jnum(c, "id"));
	cells[0] = id;
	cells[1] = cli_jstr(c, "contract_no");
	cells[2] = cli_jstr(c, "project_name");
	cells[3] = cli_jstr(json_object_get(c, "seller"), "name");
	cells[4] = cli_jstr(json_object_get(c, "buyer"), "name");
	cells[5] = cli_status_word(cli_jstr(c, "status"));
}

static void
row(const char *const *cells, const int *w)
{
	for (int i = 0; i < NCOLS; i++) {
		cli_pad(stdout, cells[i], i == NCOLS - 1 ? 0 : w[i]);
		fputs(i == NCOLS - 1 ? "\n" : "  ", stdout);
	}
}

/* The hits are few (--limit): all read, then the columns sized. */
static void
table(json_t *hits)
{
	const char *head[NCOLS] = { _("ID"), _("Contract number"), _("Project"), _("Seller"), _("Buyer"), _("Status") };
	const char *cells[NCOLS];
	char id[24];
	int w[NCOLS];
	for (int i = 0; i < NCOLS; i++)
		w[i] = cli_width(head[i]);
	size_t k;
	json_t *c;
	json_array_foreach(hits, k, c) {
		cells_of(c, cells, id);
		for (int i = 0; i < NCOLS; i++)
			if (cli_width(cells[i]) > w[i])
				w[i] = cli_width(cells[i]);
	}
	row(head, w);
	json_array_foreach(hits, k, c) {
		cells_of(c, cells, id);
		row(cells, w);
	}
}

static int
limit_of(struct cli_ctx *ctx, const char *arg, size_t *limit)
{
	char *end;
	long n = strtol(arg, &end, 10);
	if (end == arg || *end || n < 1 || n > 100000)
		return cli_usage_error(ctx, _("--limit takes a number from 1 to 100000, not '%s'"), arg);
	*limit = (size_t)n;
	return EXIT_OK;
}

/* tcreg search --rebuild: the indexes made anew from the registry */
static int
rebuild_index(struct cli_ctx *ctx, int args)
{
	if (args != 0)
		return cli_usage_error(ctx, "%s", _("--rebuild takes no TEXT"));
	int code = cli_open(ctx, false, false);
	if (code)
		return code;
	tcreg_status st = tcreg_search_rebuild(ctx->reg);
	if (st != TCREG_OK)
		return cli_fail(ctx, st, NULL);
	cli_note(ctx, "%s", _("the search indexes are built anew from the contracts and parties"));
	return EXIT_OK;
}

/* SEARCH: tcreg search [--limit N] [--json] TEXT */
int
cmd_search(struct cli_ctx *ctx, int argc, char **argv)
{
	bool json = false, rebuild = false;
	const char *point = NULL;
	size_t limit = 20;
	int c, code;
	while ((c = cli_getopt(ctx, argc, argv, &cli_cmd_search)) != -1) {
		if (c == O_JSON)
			json = true;
		else if (c == O_REBUILD)
			rebuild = true;
		else if (c == O_POINT)
			point = optarg;
		else if (c != O_LIMIT)
			return EXIT_USAGE;
		else if ((code = limit_of(ctx, optarg, &limit)))
			return code;
	}
	if (rebuild)
		return rebuild_index(ctx, argc - optind);
	if (argc - optind > 1)
		return cli_usage_error(ctx, _("give one TEXT; quote it when it holds spaces ('%s' is a second)"),
				       argv[optind + 1]);
	const char *text = optind < argc ? argv[optind] : "";
	if (!text[strspn(text, " \t")])
		return cli_usage_error(ctx, "%s", _("what to look for? give a TEXT"));
	if ((code = cli_open(ctx, false, true)) || (code = cli_set_view(ctx, point)))
		return code;
	tcreg_cursor *cur;
	size_t more;
	int at_least;
	tcreg_status st = tcreg_contract_search(ctx->reg, text, limit, &cur, &more, &at_least);
	if (st != TCREG_OK)
		return cli_fail(ctx, st, NULL);
	json_t *hits = json_array(), *one;
	while ((st = tcreg_cursor_next_tree(cur, &one)) == TCREG_OK && one)
		json_array_append_new(hits, one);
	tcreg_cursor_free(cur);
	if (st != TCREG_OK) {
		json_decref(hits);
		return cli_fail(ctx, st, NULL);
	}
	if (json) {
		json_t *o = json_pack("{s:s, s:O, s:I, s:b}", "text", text, "contracts", hits, "more",
				      (json_int_t)more, "more_at_least", at_least);
		json_dumpf(o, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
		fputc('\n', stdout);
		json_decref(o);
	} else if (json_array_size(hits)) {
		table(hits);
		if (at_least)
			printf(_("… and more than %zu others: give more of the text\n"), more);
		else if (more)
			printf(_("… and %zu more: --limit %zu shows them all\n"), more, limit + more);
	} else {
		cli_note(ctx, _("no contract matches '%s'"), text);
	}
	json_decref(hits);
	return EXIT_OK;
}
