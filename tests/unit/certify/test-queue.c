/* SPDX-License-Identifier: MIT
 * test-queue.c - the queue (queue.c): its order and its limit.
 */
#include <jansson.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "tcreg-private.h"
#include "helpers.h"
#include "registered.h"

/* The queue: most urgent first (the deadline, then the id) whatever the
 * order of acceptance, the large track's longer deadline included; a limit
 * gives the first entries and the total still counts all. */
static void
queue_order_and_limit(void **state)
{
	(void)state;
	char *path;
	tcreg_registry *reg = registry_with_contracts(&path);
	/* ids 1..12: accepted over two months, every third on the large track */
	exec_sealed(reg, "UPDATE contract SET accept_date = date('2026-03-02', '+' || ((id * 5) % 12 * 3) || ' days'), "
			      "track = CASE WHEN id % 3 = 0 THEN 'large' ELSE 'normal' END, tech_amount_fen = 100",
		     0, 0, 0);
	tcreg_queue *q;
	assert_int_equal(tcreg_queue_open(reg, 0, &q), TCREG_OK);
	assert_int_equal(tcreg_queue_total(q), 12);
	const char *e;
	char prev_due[11] = "";
	long long prev_id = 0;
	int n = 0;
	while (tcreg_queue_next(q, &e) == TCREG_OK && e) {
		json_t *x = json_loads(e, 0, NULL);
		const char *due = json_string_value(json_object_get(x, "due_date"));
		long long id = json_integer_value(json_object_get(x, "id"));
		int c = strcmp(prev_due, due);
		assert_true(c < 0 || (c == 0 && prev_id < id));
		/* each deadline is the one working-day arithmetic gives */
		char want[11];
		bool large = strcmp(json_string_value(json_object_get(x, "track")), "large") == 0;
		assert_int_equal(tcreg_workdays_add(reg, json_string_value(json_object_get(x, "accept_date")),
						    large ? 30 : 15, want, NULL), TCREG_OK);
		assert_string_equal(due, want);
		assert_non_null(json_object_get(x, "risks")); /* a queue a person reads */
		snprintf(prev_due, sizeof(prev_due), "%s", due);
		prev_id = id;
		json_decref(x);
		n++;
	}
	assert_int_equal(n, 12);
	tcreg_queue_free(q);
	/* a limit: the first ones of the same order */
	assert_int_equal(tcreg_queue_open(reg, 5, &q), TCREG_OK);
	assert_int_equal(tcreg_queue_total(q), 12);
	n = 0;
	while (tcreg_queue_next(q, &e) == TCREG_OK && e)
		n++;
	assert_int_equal(n, 5);
	tcreg_queue_free(q);
	char *all;
	assert_int_equal(tcreg_queue_json(reg, &all), TCREG_OK);
	json_t *a = json_loads(all, 0, NULL);
	assert_int_equal(json_array_size(a), 12);
	json_decref(a);
	free(all);
	drop_registry(reg, path);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(queue_order_and_limit),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
