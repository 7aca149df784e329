/* SPDX-License-Identifier: MIT
 * cmd-operator.c - tcreg operator add|list|disable: the people who may act
 * on the registry, each a login on this machine, with their roles.
 */
#include <getopt.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "tcreg/tcreg-tree.h"

#define MAX_POINTS 64

static const struct cli_option operator_options[] = {
	{ .arg = N_("ROLE"),
	  .help = N_("clerk (enters), certifier (decides), reviewer (expert review),\n"
		     "admin (settings, operators), auditor (audit verify, risks)") },
	{ .name = "point", .arg = N_("CODE"), .id = 'p',
	  .help = N_("the registration points they work at (repeatable; none:\n"
		     "province-wide); set-points replaces them"), .sub = "add set-points" },
	{ .name = "name", .arg = "NAME", .id = 'n', .sub = "add" },
	{ .name = "role", .arg = "ROLE", .id = 'r', .sub = "add" },
	{ .name = "json", .id = 'j', .sub = "list" },
	{ 0 },
};

const struct cli_command cli_cmd_operator = {
	.name = "operator",
	.fn = cmd_operator,
	.summary = N_("who may act on the registry, and as what"),
	.synopsis = N_("usage: tcreg operator add LOGIN --name NAME --role ROLE [--role ROLE]... [--point CODE]...\n"
		      "   or: tcreg operator list [--json]\n"
		      "   or: tcreg operator disable LOGIN\n"
		      "   or: tcreg operator set-points LOGIN [--point CODE]...\n"),
	.options = operator_options,
	.epilogue = N_("Once a registry has an operator, who acts is the login running tcreg: --operator and\n"
		      "TCREG_OPERATOR are refused. The first operator is added by whoever ran init, and\n"
		      "becomes its first admin.\n"),
};

static int
add(struct cli_ctx *ctx, int argc, char **argv)
{
	const char *name = NULL;
	char roles[128] = "";
	const char *points[MAX_POINTS];
	size_t npoints = 0;
	int c;
	optind = 0; /* glibc: reinitialise */
	while ((c = cli_getopt_sub(ctx, argc, argv, &cli_cmd_operator, "add")) != -1) {
		if (c == 'n')
			name = optarg;
		else if (c == 'r' && strlen(roles) + strlen(optarg) + 2 < sizeof(roles))
			snprintf(roles + strlen(roles), sizeof(roles) - strlen(roles), "%s%s",
				 roles[0] ? "," : "", optarg);
		else if (c == 'r')
			return cli_usage_error(ctx, _("too many --role options"));
		else if (c == 'p' && npoints < MAX_POINTS)
			points[npoints++] = optarg;
		else if (c == 'p')
			return cli_usage_error(ctx, _("too many --point options"));
		else
			return EXIT_USAGE;
	}
	if (optind != argc - 1 || !name || !roles[0])
		return cli_usage_error(ctx, _("usage: tcreg operator add LOGIN --name NAME --role ROLE [--role ROLE]... [--point CODE]..."));
	const char *login = argv[optind];
	int code = cli_open(ctx, false, false);
	if (code)
		return code;
	tcreg_status st = tcreg_operator_add_at(ctx->reg, login, name, roles, npoints ? points : NULL, npoints);
	if (st != TCREG_OK)
		return cli_fail(ctx, st, NULL);
	cli_note(ctx, _("operator %s (%s) may now act as %s"), login, name, roles);
	return EXIT_OK;
}

/* operator set-points LOGIN [--point CODE]...: none makes them province-wide */
static int
set_points(struct cli_ctx *ctx, int argc, char **argv)
{
	const char *points[MAX_POINTS];
	size_t n = 0;
	int c;
	optind = 0;
	while ((c = cli_getopt_sub(ctx, argc, argv, &cli_cmd_operator, "set-points")) != -1) {
		if (c == 'p' && n < MAX_POINTS)
			points[n++] = optarg;
		else if (c == 'p')
			return cli_usage_error(ctx, _("too many --point options"));
		else
			return EXIT_USAGE;
	}
	if (optind != argc - 1)
		return cli_usage_error(ctx, _("usage: tcreg operator set-points LOGIN [--point CODE]..."));
	int code = cli_open(ctx, false, false);
	if (code)
		return code;
	tcreg_status st = tcreg_operator_set_points(ctx->reg, argv[optind], points, n);
	if (st != TCREG_OK)
		return cli_fail(ctx, st, NULL);
	if (n)
		cli_note(ctx, _("operator %s now works at the points given only"), argv[optind]);
	else
		cli_note(ctx, _("operator %s now works province-wide"), argv[optind]);
	return EXIT_OK;
}

static const char *
role_word(const char *r)
{
	if (strcmp(r, "clerk") == 0)
		return _("clerk");
	if (strcmp(r, "certifier") == 0)
		return _("certifier");
	if (strcmp(r, "reviewer") == 0)
		return _("reviewer");
	if (strcmp(r, "admin") == 0)
		return _("admin");
	return _("auditor");
}

static void
print_operator(const json_t *o)
{
	printf("%-16s %s", cli_jstr(o, "login"), cli_jstr(o, "name"));
	size_t k;
	json_t *r;
	printf("  ");
	json_array_foreach(json_object_get(o, "roles"), k, r)
		printf("%s%s", k ? "、" : "", role_word(json_string_value(r)));
	json_t *pts = json_object_get(o, "points");
	if (json_array_size(pts)) {
		printf("  %s ", _("at"));
		json_array_foreach(pts, k, r)
			printf("%s%s", k ? "、" : "", json_string_value(r));
	}
	if (json_is_string(json_object_get(o, "disabled_at")))
		printf(_("  (disabled %s)"), cli_jstr(o, "disabled_at"));
	putchar('\n');
}

static int
list(struct cli_ctx *ctx, int argc, char **argv)
{
	return cli_list_tree(ctx, argc, argv, &cli_cmd_operator, _("usage: tcreg operator list [--json]"),
			     tcreg_operators_tree, print_operator,
			     _("no operators: anyone who can write the registry acts under the name given "
			       "with --operator (a one-person office)"));
}

static int
disable(struct cli_ctx *ctx, int argc, char **argv)
{
	if (argc != 2)
		return cli_usage_error(ctx, _("usage: tcreg operator disable LOGIN"));
	int code = cli_open(ctx, false, false);
	if (code)
		return code;
	tcreg_status st = tcreg_operator_disable(ctx->reg, argv[1]);
	if (st != TCREG_OK)
		return cli_fail(ctx, st, NULL);
	cli_note(ctx, _("operator %s disabled: they can no longer act on this registry"), argv[1]);
	return EXIT_OK;
}

int
cmd_operator(struct cli_ctx *ctx, int argc, char **argv)
{
	if (argc >= 2 && strcmp(argv[1], "add") == 0)
		return add(ctx, argc - 1, argv + 1);
	if (argc >= 2 && strcmp(argv[1], "list") == 0)
		return list(ctx, argc - 1, argv + 1);
	if (argc >= 2 && strcmp(argv[1], "disable") == 0)
		return disable(ctx, argc - 1, argv + 1);
	if (argc >= 2 && strcmp(argv[1], "set-points") == 0)
		return set_points(ctx, argc - 1, argv + 1);
	return cli_usage_error(ctx, _("usage: tcreg operator add|list|disable|set-points ..."));
}
