/*
 * rng.h - xorshift64* for the unit tests: the same numbers on every run
 * and machine.  Each test file that includes it has a sequence of its
 * own.
 */
#ifndef LT_TEST_RNG_H
#define LT_TEST_RNG_H

#include <stdint.h>

static uint64_t rng_state = 0x9e3779b97f4a7c15ULL;

static uint64_t
rng(void)
{
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return rng_state * 0x2545f4914f6cdd1dULL;
}

#endif
