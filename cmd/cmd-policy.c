/* SPDX-License-Identifier: MIT
 * cmd-policy.c - tcreg policy: check award policy files, list the ones
 * tcreg can find, show one.  Also where `award` finds a policy by name.
 */
#include <dirent.h>
#include <errno.h>
#include <getopt.h>
#include <jansson.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "tcreg/tcreg-tree.h"

static const struct cli_option policy_options[] = {
	{ .arg = N_("check"), .help = N_("validate policy files; exit status 1 when any has errors") },
	{ .arg = N_("list"),
	  .help = N_("the policies found: --policy-dir, ~/.config/tcreg/policies,\n"
		     "the installed ones") },
	{ .name = "json", .id = 'j', .sub = "list" },
	{ .arg = N_("show"), .help = N_("a policy's name, source, dates and rules as JSON") },
	{ 0 },
};

const struct cli_command cli_cmd_policy = {
	.name = "policy",
	.fn = cmd_policy,
	.summary = N_("check, list and show award policy files"),
	.synopsis = N_("usage: tcreg policy check FILE...\n"
		      "   or: tcreg policy list [--json]\n"
		      "   or: tcreg policy show NAME|FILE\n"),
	.options = policy_options,
	.ordered = true,
};

#ifndef TCREG_POLICYDIR
#define TCREG_POLICYDIR "/usr/share/tcreg/policies"
#endif

static int
by_position(const void *a, const void *b)
{
	const struct tcreg_diag *x = *(const struct tcreg_diag *const *)a, *y = *(const struct tcreg_diag *const *)b;
	if (x->line != y->line)
		return x->line < y->line ? -1 : 1;
	if (x->col != y->col)
		return x->col < y->col ? -1 : 1;
	return x < y ? -1 : x > y;
}

void
cli_print_policy_diags(const char *file, const tcreg_diags *d)
{
	fflush(stdout);
	size_t n = tcreg_diags_count(d);
	const struct tcreg_diag **v = malloc((n + 1) * sizeof(*v));
	for (size_t i = 0; v && i < n; i++)
		v[i] = tcreg_diags_get(d, i);
	if (v) /* in file order, as an editor walks them */
		qsort(v, n, sizeof(*v), by_position);
	for (size_t i = 0; i < n; i++) {
		const struct tcreg_diag *x = v ? v[i] : tcreg_diags_get(d, i);
		fprintf(stderr, "%s", file);
		if (x->line)
			fprintf(stderr, ":%ld:%ld", x->line, x->col);
		fprintf(stderr, ": %s: ", _("error"));
		cli_diag_body(stderr, x);
		fputc('\n', stderr);
	}
	free(v);
	if (tcreg_diags_dropped(d))
		fprintf(stderr, _("%s: %zu more problems not shown\n"), file, tcreg_diags_dropped(d));
}

/* The directories searched for NAME.yaml, in order; n of them set. */
static size_t
policy_dirs(struct cli_ctx *ctx, char dirs[4][PATH_MAX])
{
	size_t n = 0;
	if (ctx->policy_dir && *ctx->policy_dir)
		snprintf(dirs[n++], PATH_MAX, "%s", ctx->policy_dir);
	const char *xdg = cli_getenv("XDG_CONFIG_HOME"), *home = cli_getenv("HOME");
	if (xdg && *xdg)
		snprintf(dirs[n++], PATH_MAX, "%s/tcreg/policies", xdg);
	else if (home && *home)
		snprintf(dirs[n++], PATH_MAX, "%s/.config/tcreg/policies", home);
	/* an uninstalled binary (build/cmd/tcreg) uses the source tree's policies */
	char exe[PATH_MAX];
	ssize_t k = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	bool uninstalled = false;
	if (k > 0) {
		exe[k] = '\0';
		uninstalled = strncmp(exe, TCREG_BUILD_DIR "/", strlen(TCREG_BUILD_DIR) + 1) == 0;
	}
	/* the order of the CLI contract: installed, then the source tree's */
	snprintf(dirs[n++], PATH_MAX, "%s", TCREG_POLICYDIR);
	if (uninstalled)
		snprintf(dirs[n++], PATH_MAX, "%s", TCREG_SOURCE_POLICYDIR);
	return n;
}

static bool
is_file(const char *p)
{
	struct stat sb;
	return stat(p, &sb) == 0 && S_ISREG(sb.st_mode);
}

static bool
looks_like_path(const char *s)
{
	size_t n = strlen(s);
	return strchr(s, '/') || (n > 5 && strcmp(s + n - 5, ".yaml") == 0) ||
	       (n > 4 && strcmp(s + n - 4, ".yml") == 0);
}

static bool
name_ok(const char *s)
{
	if (!*s)
		return false;
	for (const char *p = s; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '-' || *p == '_'))
			return false;
	return true;
}

int
cli_load_policy(struct cli_ctx *ctx, const char *name, tcreg_policy **out)
{
	char path[PATH_MAX + 64] = "";
	*out = NULL;
	if (looks_like_path(name)) {
		snprintf(path, sizeof(path), "%s", name);
		if (!is_file(path))
			return cli_error(ctx, EXIT_NOINPUT, _("cannot read policy file '%s': %s"), name,
					 strerror(errno ? errno : ENOENT));
	} else {
		if (!name_ok(name))
			return cli_usage_error(ctx, _("'%s' is neither a policy name nor a .yaml file"), name);
		char dirs[4][PATH_MAX];
		size_t n = policy_dirs(ctx, dirs);
		for (size_t i = 0; i < n && !path[0]; i++) {
			snprintf(path, sizeof(path), "%s/%s.yaml", dirs[i], name);
			if (!is_file(path))
				path[0] = '\0';
		}
		if (!path[0]) {
			cli_error(ctx, EXIT_CONFIG, _("no policy named '%s'; looked in:"), name);
			for (size_t i = 0; i < n; i++)
				fprintf(stderr, "  %s\n", dirs[i]);
			return EXIT_CONFIG;
		}
	}
	tcreg_diags *d = NULL;
	tcreg_status st = tcreg_policy_load(out, path, NULL, &d);
	if (st == TCREG_ERR_CONFIG) {
		cli_print_policy_diags(path, d);
		tcreg_diags_free(d);
		return cli_error(ctx, EXIT_CONFIG, _("policy file '%s' has errors; run: tcreg policy check %s"),
				 path, path);
	}
	tcreg_diags_free(d);
	if (st != TCREG_OK)
		return cli_error(ctx, cli_exit_code(st), _("cannot read policy file '%s': %s"), path,
				 _(tcreg_strerror(st)));
	if (!looks_like_path(name) && strcmp(tcreg_policy_name(*out), name) != 0) {
		cli_error(ctx, EXIT_CONFIG, _("'%s' declares policy '%s', not '%s'"), path,
			  tcreg_policy_name(*out), name);
		tcreg_policy_free(*out);
		*out = NULL;
		return EXIT_CONFIG;
	}
	return EXIT_OK;
}

static int
check(struct cli_ctx *ctx, int argc, char **argv)
{
	if (argc < 1)
		return cli_usage_error(ctx, _("name the policy files to check"));
	int bad = 0;
	for (int i = 0; i < argc; i++) {
		tcreg_policy *p = NULL;
		tcreg_diags *d = NULL;
		tcreg_status st = tcreg_policy_load(&p, argv[i], NULL, &d);
		if (st == TCREG_OK) {
			printf(_("%s: ok: policy %s\n"), argv[i], tcreg_policy_name(p));
		} else if (st == TCREG_ERR_CONFIG) {
			cli_print_policy_diags(argv[i], d);
			bad++;
		} else {
			cli_error(ctx, cli_exit_code(st), _("cannot read policy file '%s': %s"), argv[i],
				  _(tcreg_strerror(st)));
			bad++;
		}
		tcreg_policy_free(p);
		tcreg_diags_free(d);
	}
	if (bad)
		cli_note(ctx, _("%d of %d files have errors"), bad, argc);
	return cli_finish_stdout(ctx, bad ? EXIT_NO : EXIT_OK);
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Every NAME.yaml on the search path; the first of a name wins, as for --policy. */
static int
list(struct cli_ctx *ctx, bool as_json)
{
	char dirs[4][PATH_MAX];
	size_t n = policy_dirs(ctx, dirs);
	char **names = NULL;
	size_t count = 0;
	json_t *arr = json_array();
	for (size_t i = 0; i < n; i++) {
		DIR *d = opendir(dirs[i]);
		struct dirent *e;
		char **found = NULL;
		size_t nf = 0;
		while (d && (e = readdir(d))) {
			size_t len = strlen(e->d_name);
			if (len <= 5 || strcmp(e->d_name + len - 5, ".yaml") != 0)
				continue;
			char **nv = realloc(found, (nf + 1) * sizeof(*nv));
			if (!nv)
				break;
			found = nv;
			found[nf++] = strndup(e->d_name, len - 5);
		}
		if (d)
			closedir(d);
		if (nf > 1)
			qsort(found, nf, sizeof(*found), cmp_str);
		for (size_t k = 0; k < nf; k++) {
			bool seen = false;
			for (size_t j = 0; j < count; j++)
				seen |= strcmp(names[j], found[k]) == 0;
			char path[PATH_MAX + 300];
			snprintf(path, sizeof(path), "%s/%s.yaml", dirs[i], found[k]);
			if (seen || !found[k]) {
				free(found[k]);
				continue;
			}
			char **nv = realloc(names, (count + 1) * sizeof(*nv));
			if (!nv) {
				free(found[k]);
				continue;
			}
			names = nv;
			names[count++] = found[k];
			tcreg_policy *p = NULL;
			tcreg_diags *dg = NULL;
			tcreg_status st = tcreg_policy_load(&p, path, NULL, &dg);
			json_t *o = NULL;
			if (st == TCREG_OK)
				tcreg_policy_tree(p, &o);
			if (!o)
				o = json_pack("{s:s, s:s}", "policy", found[k], "error",
					      st == TCREG_ERR_CONFIG ? "invalid" : "unreadable");
			json_object_set_new(o, "file", json_string(path));
			if (as_json) {
				json_array_append(arr, o);
			} else if (json_object_get(o, "error")) {
				printf("%-16s %s  %s\n", found[k], _("(has errors)"), path);
			} else {
				const char *from = json_string_value(json_object_get(o, "in_force_from"));
				const char *to = json_string_value(json_object_get(o, "in_force_to"));
				char when[64];
				if (to)
					snprintf(when, sizeof(when), "%s..%s", from, to);
				else
					snprintf(when, sizeof(when), _("from %s"), from);
				printf("%-16s ", found[k]);
				cli_pad(stdout, when, 24);
				printf("  %s\n", json_string_value(json_object_get(o, "title")));
			}
			json_decref(o);
			tcreg_policy_free(p);
			tcreg_diags_free(dg);
		}
		free(found);
	}
	if (as_json) {
		json_dumpf(arr, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
		putchar('\n');
	}
	json_decref(arr);
	for (size_t j = 0; j < count; j++)
		free(names[j]);
	free(names);
	return cli_finish_stdout(ctx, EXIT_OK);
}

static int
show(struct cli_ctx *ctx, const char *name)
{
	tcreg_policy *p = NULL;
	int code = cli_load_policy(ctx, name, &p);
	if (code)
		return code;
	json_t *o = NULL;
	tcreg_status st = tcreg_policy_tree(p, &o);
	tcreg_policy_free(p);
	if (st != TCREG_OK)
		return cli_error(ctx, EXIT_SOFTWARE, "%s", _("out of memory"));
	json_dumpf(o, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	putchar('\n');
	json_decref(o);
	return cli_finish_stdout(ctx, EXIT_OK);
}

int
cmd_policy(struct cli_ctx *ctx, int argc, char **argv)
{
	bool as_json = false;
	int c;
	if (cli_getopt(ctx, argc, argv, &cli_cmd_policy) != -1)
		return EXIT_USAGE; /* no option comes before the action */
	if (optind >= argc)
		return cli_usage_error(ctx, _("say what to do: check, list or show"));
	const char *verb = argv[optind++];
	if (strcmp(verb, "check") == 0)
		return check(ctx, argc - optind, argv + optind);
	if (strcmp(verb, "list") == 0) {
		while ((c = cli_getopt_sub(ctx, argc, argv, &cli_cmd_policy, "list")) != -1)
			if (!(as_json = c == 'j'))
				return EXIT_USAGE;
		if (optind < argc)
			return cli_usage_error(ctx, _("unexpected argument '%s'"), argv[optind]);
		return list(ctx, as_json);
	}
	if (strcmp(verb, "show") == 0) {
		if (argc - optind != 1)
			return cli_usage_error(ctx, _("name one policy to show"));
		return show(ctx, argv[optind]);
	}
	return cli_usage_error(ctx, _("unknown action '%s': check, list or show"), verb);
}
