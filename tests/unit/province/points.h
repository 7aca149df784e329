/* SPDX-License-Identifier: MIT
 * points.h - a registry with the province's agency and two registration
 * points (01 哈尔滨 and 02 齐齐哈尔), for the point and scope tests.
 */
#ifndef TEST_PROVINCE_POINTS_H
#define TEST_PROVINCE_POINTS_H

#include "helpers.h"

/* a fresh registry (fresh_setup): the province's agency, points 01 and 02 */
static inline int
points_setup(void **state)
{
	fresh_setup(state);
	struct fixture *f = *state;
	assert_int_equal(tcreg_agency_set(f->reg, "黑龙江省技术市场管理办公室", "2300", "01"), TCREG_OK);
	int64_t id;
	assert_int_equal(tcreg_point_add(f->reg, "01", "哈尔滨", "2301", NULL, NULL, &id), TCREG_OK);
	assert_int_equal(id, 2);
	assert_int_equal(tcreg_point_add(f->reg, "02", "齐齐哈尔", "2302", "2302", NULL, &id), TCREG_OK);
	assert_int_equal(id, 3);
	return 0;
}

#endif
